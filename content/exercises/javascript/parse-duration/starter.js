/**
 * Turns a duration such as "1h 30m" into a number of seconds.
 * @param {string} text
 * @returns {number}
 * @throws {TypeError} when `text` is not a string
 * @throws {SyntaxError} when the text is empty, a part is malformed, or units are out of order
 * @throws {RangeError} when minutes or seconds after the first part are 60 or more
 */
function parseDuration(text) {
  // Your code here.
  return 0;
}

module.exports = { parseDuration };
