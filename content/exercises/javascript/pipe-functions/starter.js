/**
 * Combines functions into one that runs them from left to right.
 * The first function receives all arguments; each next one gets the previous result.
 * @param {...Function} fns
 * @returns {Function}
 */
function pipe(...fns) {
  // Your code here.
  return () => undefined;
}

module.exports = { pipe };
