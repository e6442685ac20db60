/**
 * Returns a new array with the arrays inside `list` replaced by their contents, `depth`
 * levels deep. Throws a RangeError for an invalid depth and a TypeError when an array
 * would have to be spread inside itself.
 * @param {Array} list
 * @param {number} [depth=Infinity]
 * @returns {Array}
 */
function flattenDeep(list, depth = Infinity) {
  if (depth !== Infinity && !(Number.isInteger(depth) && depth >= 0)) {
    throw new RangeError(`depth must be Infinity or a whole number >= 0, got ${String(depth)}`);
  }
  const result = [];
  // The arrays being spread right now: `list` and the arrays on the way down to the current
  // one. An array that is only seen elsewhere (a shared array) is not in here.
  const open = new Set([list]);

  function spread(array, levels) {
    for (const item of array) {
      if (Array.isArray(item) && levels > 0) {
        if (open.has(item)) {
          throw new TypeError("cannot flatten an array that contains itself");
        }
        open.add(item);
        spread(item, levels - 1);
        open.delete(item);
      } else {
        result.push(item);
      }
    }
  }

  spread(list, depth);
  return result;
}

module.exports = { flattenDeep };
