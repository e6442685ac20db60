def memoize(func):
    """Return a version of `func` that remembers the result for each set of arguments.

    The returned function keeps func's __name__ and __doc__ and has a cache_clear() method.
    """

    def wrapper(*args, **kwargs):
        # Your code here.
        return func(*args, **kwargs)

    wrapper.cache_clear = lambda: None
    return wrapper
