import string

_STRIP = string.punctuation.replace("'", "") + "'"


def word_count(text):
    """Return a dict mapping each lower-case word in `text` to how often it appears."""
    counts = {}
    for raw in text.split():
        word = raw.strip(_STRIP).lower()
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts
