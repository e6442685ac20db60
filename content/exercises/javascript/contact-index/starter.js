/**
 * Groups contact names under the upper-case first letter ("#" for non-letters).
 * @param {string[]} names
 * @returns {Object<string, string[]>}
 */
function contactIndex(names) {
  const index = {};
  // Your code here.
  return index;
}

module.exports = { contactIndex };
