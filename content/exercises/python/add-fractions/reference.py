import math
import re

_FRACTION = re.compile(r"(-?[0-9]+)(?:/([0-9]+))?")


def add_fractions(values):
    """Add up fractions written as strings ("3/4", "-5/8", "2") and return the exact
    total in lowest terms as a string ("11/8", "3", "0", "-1/4").

    Raises ValueError for a malformed value and ZeroDivisionError for a zero denominator.
    """
    total_num, total_den = 0, 1
    for value in values:
        match = _FRACTION.fullmatch(value)
        if not match:
            raise ValueError(f"invalid fraction: {value}")
        num = int(match.group(1))
        den = int(match.group(2)) if match.group(2) is not None else 1
        if den == 0:
            raise ZeroDivisionError(f"zero denominator: {value}")
        total_num = total_num * den + num * total_den
        total_den = total_den * den
        divisor = math.gcd(total_num, total_den)
        total_num //= divisor
        total_den //= divisor
    if total_den == 1:
        return str(total_num)
    return f"{total_num}/{total_den}"
