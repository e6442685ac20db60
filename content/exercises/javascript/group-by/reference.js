/**
 * Sorts `items` into groups. `key` is a function `(item, index) => groupKey` or the name of
 * a property. Returns a Map from group key to the items of that group, in order.
 * @param {Array} items
 * @param {Function|string} key
 * @returns {Map<any, Array>}
 */
function groupBy(items, key) {
  let keyOf;
  if (typeof key === "function") {
    keyOf = key;
  } else if (typeof key === "string") {
    keyOf = (item) => item[key];
  } else {
    throw new TypeError("key must be a function or a property name");
  }
  const groups = new Map();
  items.forEach((item, index) => {
    const groupKey = keyOf(item, index);
    const group = groups.get(groupKey);
    if (group === undefined) {
      groups.set(groupKey, [item]);
    } else {
      group.push(item);
    }
  });
  return groups;
}

module.exports = { groupBy };
