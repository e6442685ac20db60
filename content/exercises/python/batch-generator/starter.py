def batched(iterable, size):
    """Yield lists of `size` consecutive items of `iterable`; the last list may be shorter."""
    # Your code here: use `yield` to hand out each batch.
    yield from ()
