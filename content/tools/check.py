#!/usr/bin/env python3
"""Checks the exercise catalog (content/exercises) against docs/content.md.

For every exercise: the metadata is complete and valid, the hint ladder has at least three
hints, the reference solution passes every visible and hidden test, the starter code fails
at least one, and the reference's whole test run stays under half the CPU time limit.
Then the catalog as a whole: at least 40 exercises per language, at least 10 topics per
language, every difficulty 1-5 per language.

This runs the catalog's own, trusted code with the plain interpreters (python3, node); learner
code only ever runs in the sandbox. Usage: content/tools/check.py [--quick] [exercise-dir ...]
(--quick skips the catalog-wide minimums, for authors checking a few exercises).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "exercises"
TOPICS = {
    "strings", "lists", "dictionaries", "sets", "loops", "conditionals", "recursion",
    "sorting", "searching", "classes", "error-handling", "higher-order-functions",
    "iterators", "algorithms", "dynamic-programming", "math",
}
LANGUAGES = {
    "python": {
        "ext": "py",
        "tests": ["test_visible.py", "test_hidden.py"],
        "run": lambda tests: [sys.executable, "-m", "unittest", "-q", *[t[:-3] for t in tests]],
    },
    "javascript": {
        "ext": "js",
        "tests": ["visible.test.js", "hidden.test.js"],
        "run": lambda tests: ["node", "--test", "--test-reporter=dot", *tests],
    },
}
MIN_PER_LANGUAGE = 40
MIN_TOPICS = 10
MIN_HINTS = 3
MAX_HINTS = 10


def fail(problems: list[str], where: Path, message: str) -> None:
    problems.append(f"{where.relative_to(ROOT.parent.parent)}: {message}")


def run_tests(folder: Path, lang: str, code: Path, timeout_s: float) -> tuple[bool, float, str]:
    spec = LANGUAGES[lang]
    with tempfile.TemporaryDirectory(prefix="mentor-check-") as tmp:
        work = Path(tmp)
        shutil.copy(code, work / f"main.{spec['ext']}")
        for test in spec["tests"]:
            shutil.copy(folder / test, work / test)
        start = time.monotonic()
        try:
            done = subprocess.run(
                spec["run"](spec["tests"]), cwd=work, capture_output=True, text=True,
                timeout=timeout_s, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired:
            return False, timeout_s, "timed out"
        return done.returncode == 0, time.monotonic() - start, done.stdout + done.stderr


def check_exercise(folder: Path, problems: list[str]) -> dict | None:
    lang = folder.parent.name
    if lang not in LANGUAGES:
        fail(problems, folder, f"unknown language folder {lang!r}")
        return None
    spec = LANGUAGES[lang]
    meta_path = folder / "exercise.toml"
    try:
        meta = tomllib.loads(meta_path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        fail(problems, folder, f"exercise.toml unreadable: {e}")
        return None
    required = {
        "slug": str, "title": str, "language": str, "version": int, "difficulty": int,
        "topics": list, "cpu_time_limit_ms": int, "wall_time_limit_ms": int,
        "memory_limit_mb": int,
    }
    for key, kind in required.items():
        if not isinstance(meta.get(key), kind):
            fail(problems, meta_path, f"{key} missing or not a {kind.__name__}")
            return None
    if unknown := set(meta) - set(required) - {"max_help"}:
        fail(problems, meta_path, f"unknown keys {sorted(unknown)}")
    if meta.get("max_help", "pointer") not in ("nudge", "pointer", "guide"):
        fail(problems, meta_path, "max_help must be nudge, pointer or guide")
    if meta["slug"] != folder.name:
        fail(problems, meta_path, f"slug {meta['slug']!r} differs from the folder name")
    if meta["language"] != lang:
        fail(problems, meta_path, f"language {meta['language']!r} differs from the folder {lang!r}")
    if not 1 <= meta["difficulty"] <= 5:
        fail(problems, meta_path, "difficulty must be 1-5")
    if meta["version"] < 1:
        fail(problems, meta_path, "version must be at least 1")
    if not meta["topics"] or set(meta["topics"]) - TOPICS:
        fail(problems, meta_path, f"topics must be 1+ of {sorted(TOPICS)}")
    if not 100 <= meta["cpu_time_limit_ms"] <= 10_000:
        fail(problems, meta_path, "cpu_time_limit_ms must be 100-10000")
    if not meta["cpu_time_limit_ms"] <= meta["wall_time_limit_ms"] <= 30_000:
        fail(problems, meta_path, "wall_time_limit_ms must be at least cpu_time_limit_ms and at most 30000")
    if not 1 <= len(meta["title"].strip()) <= 200:
        fail(problems, meta_path, "the title must be 1-200 characters")
    if not 32 <= meta["memory_limit_mb"] <= 1024:
        fail(problems, meta_path, "memory_limit_mb must be 32-1024")
    for name in ["statement.md", f"starter.{spec['ext']}", f"reference.{spec['ext']}", *spec["tests"], "hints.toml"]:
        if not (folder / name).is_file():
            fail(problems, folder, f"{name} missing")
            return None
    statement = (folder / "statement.md").read_text()
    if len(statement.strip()) < 80 or "## Example" not in statement:
        fail(problems, folder / "statement.md", "too short or without an `## Example` section")
    # The caps the server checks too (DraftParts::check, crates/domain/exercises/src/draft.rs).
    caps = {"statement.md": 20_000, f"starter.{spec['ext']}": 20_000, f"reference.{spec['ext']}": 20_000,
            **{name: 50_000 for name in spec["tests"]}}
    for name, cap in caps.items():
        text = (folder / name).read_text()
        if not text.strip() or len(text) > cap:
            fail(problems, folder / name, f"must not be empty or longer than {cap} characters")
    if (folder / f"starter.{spec['ext']}").read_text().strip() == (folder / f"reference.{spec['ext']}").read_text().strip():
        fail(problems, folder / f"starter.{spec['ext']}", "the starter code is the reference solution")
    try:
        hints = tomllib.loads((folder / "hints.toml").read_text()).get("hints", [])
    except tomllib.TOMLDecodeError as e:
        fail(problems, folder / "hints.toml", f"unreadable: {e}")
        hints = []
    if not MIN_HINTS <= len(hints) <= MAX_HINTS or any(
            not str(h.get("text", "")).strip() or len(str(h.get("text", ""))) > 2_000 for h in hints):
        fail(problems, folder / "hints.toml", f"needs {MIN_HINTS}-{MAX_HINTS} [[hints]] with text of at most 2000 characters")

    cpu_s = meta["cpu_time_limit_ms"] / 1000
    ok, elapsed, output = run_tests(folder, lang, folder / f"reference.{spec['ext']}", meta["wall_time_limit_ms"] / 1000 * 4)
    if not ok:
        fail(problems, folder, "the reference solution fails its tests:\n" + output[-1500:])
    elif elapsed > cpu_s / 2 + (0.25 if lang == "javascript" else 0.1):
        fail(problems, folder, f"the reference's test run took {elapsed:.2f}s, over half the CPU limit ({cpu_s}s)")
    ok, _, _ = run_tests(folder, lang, folder / f"starter.{spec['ext']}", meta["wall_time_limit_ms"] / 1000 * 4)
    if ok:
        fail(problems, folder, "the starter code passes every test; it must fail at least one")
    return meta


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    targets = [Path(a).resolve() for a in argv if a != "--quick"]
    folders = targets or sorted(p for p in ROOT.glob("*/*") if p.is_dir())
    problems: list[str] = []
    catalog: dict[str, list[dict]] = {lang: [] for lang in LANGUAGES}
    for folder in folders:
        meta = check_exercise(folder, problems)
        if meta:
            catalog.setdefault(meta["language"], []).append(meta)
    if not quick and not targets:
        for lang, metas in catalog.items():
            topics = {t for m in metas for t in m["topics"]}
            levels = {m["difficulty"] for m in metas}
            if len(metas) < MIN_PER_LANGUAGE:
                problems.append(f"{lang}: {len(metas)} exercises, need at least {MIN_PER_LANGUAGE}")
            if len(topics) < MIN_TOPICS:
                problems.append(f"{lang}: {len(topics)} topics, need at least {MIN_TOPICS}")
            if levels != {1, 2, 3, 4, 5}:
                problems.append(f"{lang}: difficulties {sorted(levels)}, need all of 1-5")
    for p in problems:
        print(f"content: {p}", file=sys.stderr)
    counts = ", ".join(f"{lang} {len(m)}" for lang, m in catalog.items())
    print(f"content: checked {len(folders)} exercise(s) ({counts}); {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
