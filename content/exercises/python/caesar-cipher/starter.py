def caesar(text, shift):
    """Return `text` with every English letter shifted `shift` places through the alphabet."""
    result = ""
    # Your code here.
    return result
