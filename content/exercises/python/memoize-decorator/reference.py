import functools


def memoize(func):
    """Return a version of `func` that remembers the result for each set of arguments.

    The returned function keeps func's __name__ and __doc__ and has a cache_clear() method.
    """
    cache = {}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (args, frozenset(kwargs.items()))
        if key not in cache:
            cache[key] = func(*args, **kwargs)
        return cache[key]

    wrapper.cache_clear = cache.clear
    return wrapper
