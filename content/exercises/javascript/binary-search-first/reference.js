/**
 * Finds the first position of `target` in an array sorted in ascending order.
 * @param {number[]} sorted ascending, values may repeat; not changed
 * @param {number} target
 * @returns {number} the smallest index i with sorted[i] === target, or -1
 */
function firstIndexOf(sorted, target) {
  // Invariant: everything before lo is < target, everything from hi on is >= target.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // lo is the first index whose value is >= target (or the length, if there is none).
  return lo < sorted.length && sorted[lo] === target ? lo : -1;
}

module.exports = { firstIndexOf };
