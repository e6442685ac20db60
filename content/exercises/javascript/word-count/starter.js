/**
 * Counts each lower-case word in `text`.
 * @param {string} text
 * @returns {Map<string, number>}
 */
function wordCount(text) {
  const counts = new Map();
  // Your code here.
  return counts;
}

module.exports = { wordCount };
