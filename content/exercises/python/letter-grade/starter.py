def letter_grade(score):
    """Return "A", "B", "C", "D" or "F" for a score from 0 to 100.

    Raises TypeError if `score` is not a number and ValueError if it is out of range.
    """
    # Your code here.
    return "F"
