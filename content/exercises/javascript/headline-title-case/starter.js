/**
 * Formats a headline in title case, keeping minor words in lower case.
 * @param {string} text
 * @returns {string}
 */
function titleCase(text) {
  // Your code here.
  return text;
}

module.exports = { titleCase };
