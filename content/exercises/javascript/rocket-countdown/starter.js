/**
 * Returns the countdown from `n` to 1 followed by "liftoff!".
 * @param {number} n - a whole number from 0 to 100
 * @returns {string}
 */
function countdown(n) {
  // Your code here.
  return "";
}

module.exports = { countdown };
