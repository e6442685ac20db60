/**
 * Finds the first position of `target` in an array sorted in ascending order.
 * @param {number[]} sorted ascending, values may repeat; not changed
 * @param {number} target
 * @returns {number} the smallest index i with sorted[i] === target, or -1
 */
function firstIndexOf(sorted, target) {
  // Your code here.
  return -1;
}

module.exports = { firstIndexOf };
