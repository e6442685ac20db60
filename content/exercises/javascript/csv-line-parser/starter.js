/**
 * Splits one CSV record into its fields.
 * @param {string} line
 * @returns {string[]}
 * @throws {SyntaxError} for an unterminated quoted field or text after a closing quote
 */
function parseCsvLine(line) {
  // Your code here.
  return [];
}

module.exports = { parseCsvLine };
