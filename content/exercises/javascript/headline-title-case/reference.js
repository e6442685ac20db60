const MINOR_WORDS = new Set([
  "a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to",
]);

/**
 * Formats a headline in title case, keeping minor words in lower case.
 * @param {string} text
 * @returns {string}
 */
function titleCase(text) {
  const words = text.split(/\s+/).filter((word) => word !== "");
  const result = [];
  for (let i = 0; i < words.length; i++) {
    const lower = words[i].toLowerCase();
    const isEdge = i === 0 || i === words.length - 1;
    if (!isEdge && MINOR_WORDS.has(lower)) {
      result.push(lower);
    } else {
      result.push(lower.charAt(0).toUpperCase() + lower.slice(1));
    }
  }
  return result.join(" ");
}

module.exports = { titleCase };
