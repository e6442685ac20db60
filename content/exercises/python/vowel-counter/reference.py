VOWELS = "aeiouAEIOU"


def count_vowels(text):
    """Return how many of the letters a, e, i, o, u (in either case) appear in `text`."""
    count = 0
    for char in text:
        if char in VOWELS:
            count += 1
    return count
