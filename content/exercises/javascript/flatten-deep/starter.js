/**
 * Returns a new array with the arrays inside `list` replaced by their contents, `depth`
 * levels deep. Throws a RangeError for an invalid depth and a TypeError when an array
 * would have to be spread inside itself.
 * @param {Array} list
 * @param {number} [depth=Infinity]
 * @returns {Array}
 */
function flattenDeep(list, depth = Infinity) {
  // Your code here.
  return [];
}

module.exports = { flattenDeep };
