/**
 * Combines functions into one that runs them from left to right.
 * The first function receives all arguments; each next one gets the previous result.
 * @param {...Function} fns
 * @returns {Function}
 */
function pipe(...fns) {
  return (...args) => {
    if (fns.length === 0) {
      return args[0];
    }
    const [first, ...rest] = fns;
    return rest.reduce((value, fn) => fn(value), first(...args));
  };
}

module.exports = { pipe };
