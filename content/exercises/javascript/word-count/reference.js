/**
 * Counts each lower-case word in `text`.
 * @param {string} text
 * @returns {Map<string, number>}
 */
function wordCount(text) {
  const counts = new Map();
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
    if (word) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

module.exports = { wordCount };
