def letter_grade(score):
    """Return "A", "B", "C", "D" or "F" for a score from 0 to 100.

    Raises TypeError if `score` is not a number and ValueError if it is out of range.
    """
    if not isinstance(score, (int, float)):
        raise TypeError("score must be a number")
    if score < 0 or score > 100:
        raise ValueError("score must be between 0 and 100")
    if score >= 90:
        return "A"
    if score >= 80:
        return "B"
    if score >= 70:
        return "C"
    if score >= 60:
        return "D"
    return "F"
