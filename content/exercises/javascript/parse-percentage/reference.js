/**
 * Turns a percentage such as "15%" into a fraction such as 0.15.
 * @param {string} value
 * @returns {number}
 * @throws {TypeError} when `value` is not a string
 * @throws {SyntaxError} when `value` is not written like "15%" or "12.5%"
 * @throws {RangeError} when the percentage is above 100
 */
function parsePercent(value) {
  if (typeof value !== "string") {
    throw new TypeError(`expected a string, got ${typeof value}`);
  }
  const trimmed = value.trim();
  const match = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (match === null) {
    throw new SyntaxError(`invalid percentage: "${value}"`);
  }
  const number = Number(match[1]);
  if (number > 100) {
    throw new RangeError(`percentage out of range: ${trimmed}`);
  }
  return number / 100;
}

module.exports = { parsePercent };
