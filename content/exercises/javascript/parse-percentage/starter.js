/**
 * Turns a percentage such as "15%" into a fraction such as 0.15.
 * @param {string} value
 * @returns {number}
 * @throws {TypeError} when `value` is not a string
 * @throws {SyntaxError} when `value` is not written like "15%" or "12.5%"
 * @throws {RangeError} when the percentage is above 100
 */
function parsePercent(value) {
  // Your code here.
  return 0;
}

module.exports = { parsePercent };
