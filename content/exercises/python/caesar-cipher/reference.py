def caesar(text, shift):
    """Return `text` with every English letter shifted `shift` places through the alphabet."""
    result = ""
    for ch in text:
        if "a" <= ch <= "z":
            base = ord("a")
        elif "A" <= ch <= "Z":
            base = ord("A")
        else:
            result += ch
            continue
        result += chr(base + (ord(ch) - base + shift) % 26)
    return result
