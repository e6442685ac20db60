/**
 * Splits `text` into lines of at most `width` characters, breaking only between words.
 * @param {string} text
 * @param {number} width - at least 1
 * @returns {string[]}
 */
function wrapText(text, width) {
  const lines = [];
  // Your code here.
  return lines;
}

module.exports = { wrapText };
