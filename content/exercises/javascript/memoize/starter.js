/**
 * Returns a version of `fn` that remembers its results, running `fn` at most once
 * per distinct list of (primitive) arguments. The result has a `clear()` method.
 * @param {Function} fn
 * @returns {Function & {clear: () => void}}
 */
function memoize(fn) {
  // Your code here.
  const memo = (...args) => undefined;
  memo.clear = () => {};
  return memo;
}

module.exports = { memoize };
