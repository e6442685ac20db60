/**
 * Sorts `items` into groups. `key` is a function `(item, index) => groupKey` or the name of
 * a property. Returns a Map from group key to the items of that group, in order.
 * @param {Array} items
 * @param {Function|string} key
 * @returns {Map<any, Array>}
 */
function groupBy(items, key) {
  const groups = new Map();
  // Your code here.
  return groups;
}

module.exports = { groupBy };
