#!/usr/bin/env python3
"""Draws docs/adaptation/convergence.svg from docs/adaptation/simulation.csv.

    cargo run -p mentor-progress --example simulate > docs/adaptation/simulation.csv
    python3 docs/adaptation/plot.py [simulation.csv [convergence.svg]]

Standard library only. The CSV has the columns skill,day,rating,served,first_try: one row per
simulated learner (true skill) and day. The chart shows, per learner, the mean topic rating
(solid), the true skill (dashed) and the mean authored rating of the exercises served that
day as a 7-day trailing moving average (dotted).
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DEFAULT_CSV = HERE / "simulation.csv"
DEFAULT_SVG = HERE / "convergence.svg"

WIDTH, HEIGHT = 800, 480
# Plot area; the legend sits to its right.
LEFT, RIGHT, TOP, BOTTOM = 68, 572, 58, 418
# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
SMOOTH_DAYS = 7
Y_STEP = 200


def read(path: Path) -> dict[float, list[tuple[int, float, float]]]:
    """Rows per true skill: (day, rating, served), sorted by day."""
    series: dict[float, list[tuple[int, float, float]]] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            skill = float(row["skill"])
            series.setdefault(skill, []).append(
                (int(row["day"]), float(row["rating"]), float(row["served"]))
            )
    if not series:
        sys.exit(f"{path}: no rows")
    return {skill: sorted(rows) for skill, rows in sorted(series.items())}


def trailing_mean(values: list[float], window: int) -> list[float]:
    """The mean of each value and the `window - 1` before it (fewer at the start)."""
    out = []
    for i in range(len(values)):
        part = values[max(0, i - window + 1) : i + 1]
        out.append(sum(part) / len(part))
    return out


def label(skill: float) -> str:
    return str(int(skill)) if skill.is_integer() else f"{skill:g}"


def draw(series: dict[float, list[tuple[int, float, float]]]) -> str:
    days = [d for rows in series.values() for d, _, _ in rows]
    x_max = max(max(days), 1)
    values = [v for rows in series.values() for _, r, s in rows for v in (r, s)]
    values += list(series)
    y_lo = min(600, math.floor(min(values) / Y_STEP) * Y_STEP)
    y_hi = max(1800, math.ceil(max(values) / Y_STEP) * Y_STEP)

    def x(day: float) -> float:
        return LEFT + (RIGHT - LEFT) * day / x_max

    def y(rating: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * (rating - y_lo) / (y_hi - y_lo)

    def points(pairs: list[tuple[float, float]]) -> str:
        return " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pairs)

    out: list[str] = []
    add = out.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" '
        'font-size="12" role="img" aria-labelledby="chart-title">'
    )
    add(
        '<title id="chart-title">Simulated learners: mean topic rating converging towards the '
        "true skill, and the difficulty of the exercises served</title>"
    )
    add(f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>')
    add(
        f'<defs><clipPath id="plot-area"><rect x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" '
        f'height="{BOTTOM - TOP}"/></clipPath></defs>'
    )

    # Title.
    add(
        f'<text x="{(LEFT + RIGHT) / 2:.1f}" y="24" text-anchor="middle" font-size="16" '
        'font-weight="bold" fill="#222222">Skill model: simulated learners over '
        f"{x_max + 1} days</text>"
    )
    add(
        f'<text x="{(LEFT + RIGHT) / 2:.1f}" y="42" text-anchor="middle" font-size="11" '
        'fill="#555555">3 exercises a day, up to 3 tries each; the model never sees the true '
        "skill</text>"
    )

    # Grid and ticks.
    add('<g stroke="#e3e3e3" stroke-width="1">')
    for v in range(y_lo, y_hi + 1, Y_STEP):
        add(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{RIGHT}" y2="{y(v):.1f}"/>')
    for d in range(0, x_max + 1, 10):
        add(f'<line x1="{x(d):.1f}" y1="{TOP}" x2="{x(d):.1f}" y2="{BOTTOM}"/>')
    add("</g>")
    add('<g fill="#333333">')
    for v in range(y_lo, y_hi + 1, Y_STEP):
        add(
            f'<line x1="{LEFT - 5}" y1="{y(v):.1f}" x2="{LEFT}" y2="{y(v):.1f}" '
            'stroke="#333333"/>'
        )
        add(f'<text x="{LEFT - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    ticks = list(range(0, x_max + 1, 10))
    if x_max - ticks[-1] >= 5:
        ticks.append(x_max)
    for d in ticks:
        add(
            f'<line x1="{x(d):.1f}" y1="{BOTTOM}" x2="{x(d):.1f}" y2="{BOTTOM + 5}" '
            'stroke="#333333"/>'
        )
        add(f'<text x="{x(d):.1f}" y="{BOTTOM + 19}" text-anchor="middle">{d}</text>')
    add("</g>")
    add(
        f'<text x="{(LEFT + RIGHT) / 2:.1f}" y="{BOTTOM + 42}" text-anchor="middle" '
        'font-size="13" fill="#222222">day</text>'
    )
    cy = (TOP + BOTTOM) / 2
    add(
        f'<text x="20" y="{cy:.1f}" text-anchor="middle" font-size="13" fill="#222222" '
        f'transform="rotate(-90 20 {cy:.1f})">rating</text>'
    )

    # Series: true skill (dashed), served difficulty (dotted), rating (solid, on top).
    colours = {skill: COLOURS[i % len(COLOURS)] for i, skill in enumerate(series)}
    add('<g clip-path="url(#plot-area)" fill="none" stroke-linejoin="round" stroke-linecap="round">')
    for skill in series:
        add(
            f'<line x1="{LEFT}" y1="{y(skill):.1f}" x2="{RIGHT}" y2="{y(skill):.1f}" '
            f'stroke="{colours[skill]}" stroke-width="1.5" stroke-dasharray="8 5" '
            'stroke-linecap="butt"/>'
        )
    for skill, rows in series.items():
        smooth = trailing_mean([s for _, _, s in rows], SMOOTH_DAYS)
        pairs = [(d, v) for (d, _, _), v in zip(rows, smooth)]
        add(
            f'<polyline points="{points(pairs)}" stroke="{colours[skill]}" '
            'stroke-opacity="0.6" stroke-width="2" stroke-dasharray="0.5 4"/>'
        )
    for skill, rows in series.items():
        add(
            f'<polyline points="{points([(d, r) for d, r, _ in rows])}" '
            f'stroke="{colours[skill]}" stroke-width="2.2"/>'
        )
    add("</g>")
    add(
        f'<rect x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" height="{BOTTOM - TOP}" '
        'fill="none" stroke="#333333" stroke-width="1"/>'
    )

    # Legend: one colour per learner, one line style per quantity.
    lx, ly = RIGHT + 16, TOP + 4
    add('<g fill="#222222" font-size="11.5">')
    add(f'<text x="{lx}" y="{ly + 10}" font-weight="bold">Learner (true skill)</text>')
    ly += 28
    for skill in series:
        add(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 30}" y2="{ly - 4}" '
            f'stroke="{colours[skill]}" stroke-width="3"/>'
        )
        add(f'<text x="{lx + 38}" y="{ly}">{escape(label(skill))}</text>')
        ly += 20
    ly += 14
    add(f'<text x="{lx}" y="{ly}" font-weight="bold">Line</text>')
    ly += 20
    styles = [
        ('stroke-width="2.2"', ["mean topic rating"]),
        ('stroke-width="1.5" stroke-dasharray="8 5"', ["true skill"]),
        (
            'stroke-width="2" stroke-opacity="0.6" stroke-dasharray="0.5 4" '
            'stroke-linecap="round"',
            ["authored rating of the", "exercises served", "(7-day moving average)"],
        ),
    ]
    for style, lines in styles:
        add(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 30}" y2="{ly - 4}" '
            f'stroke="#444444" {style}/>'
        )
        for i, text in enumerate(lines):
            add(f'<text x="{lx + 38}" y="{ly + 15 * i}">{escape(text)}</text>')
        ly += 15 * (len(lines) - 1) + 22
    add("</g>")
    add("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_SVG
    target.write_text(draw(read(source)), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
