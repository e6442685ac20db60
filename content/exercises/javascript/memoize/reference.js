/**
 * Returns a version of `fn` that remembers its results, running `fn` at most once
 * per distinct list of (primitive) arguments. The result has a `clear()` method.
 * @param {Function} fn
 * @returns {Function & {clear: () => void}}
 */
function memoize(fn) {
  const cache = new Map();
  // Type and text of every argument, JSON-encoded so no two lists share a key.
  const keyOf = (args) => JSON.stringify(args.map((a) => [typeof a, String(a)]));

  const memo = (...args) => {
    const key = keyOf(args);
    if (cache.has(key)) {
      return cache.get(key);
    }
    const result = fn(...args);
    cache.set(key, result);
    return result;
  };
  memo.clear = () => cache.clear();
  return memo;
}

module.exports = { memoize };
