import re

_TOKEN = re.compile(r"(?:[0-9]+[hms])+")
_PART = re.compile(r"([0-9]+)([hms])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ORDER = "hms"


def parse_duration(text):
    """Return the number of seconds in a duration such as "1h 30m" or "45s".

    Raises TypeError if `text` is not a string and ValueError if it is not a valid duration.
    """
    if not isinstance(text, str):
        raise TypeError("duration must be a string")
    tokens = text.split()
    if not tokens:
        raise ValueError("duration is empty")
    parts = []
    for token in tokens:
        if not _TOKEN.fullmatch(token):
            raise ValueError("invalid duration")
        parts.extend(_PART.findall(token))
    total = 0
    last = -1
    for number, unit in parts:
        position = _ORDER.index(unit)
        if position <= last:
            raise ValueError("units must be in the order h, m, s, each at most once")
        last = position
        total += int(number) * _SECONDS[unit]
    return total
