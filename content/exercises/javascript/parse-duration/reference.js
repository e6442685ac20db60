const SECONDS = { h: 3600, m: 60, s: 1 };
const ORDER = ["h", "m", "s"];

/**
 * Turns a duration such as "1h 30m" into a number of seconds.
 * @param {string} text
 * @returns {number}
 * @throws {TypeError} when `text` is not a string
 * @throws {SyntaxError} when the text is empty, a part is malformed, or units are out of order
 * @throws {RangeError} when minutes or seconds after the first part are 60 or more
 */
function parseDuration(text) {
  if (typeof text !== "string") {
    throw new TypeError("duration must be a string");
  }
  const parts = text.trim().split(/\s+/);
  if (parts[0] === "") {
    throw new SyntaxError("duration is empty");
  }
  let total = 0;
  let lastUnit = -1;
  parts.forEach((part, index) => {
    const match = /^(\d+)([hms])$/.exec(part);
    if (match === null) {
      throw new SyntaxError(`invalid part: "${part}"`);
    }
    const amount = Number(match[1]);
    const unit = match[2];
    const position = ORDER.indexOf(unit);
    if (position <= lastUnit) {
      throw new SyntaxError(`unit out of order: "${part}"`);
    }
    if (index > 0 && unit !== "h" && amount >= 60) {
      throw new RangeError(`out of range: "${part}"`);
    }
    lastUnit = position;
    total += amount * SECONDS[unit];
  });
  return total;
}

module.exports = { parseDuration };
