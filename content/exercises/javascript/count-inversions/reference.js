/**
 * Counts the pairs of positions i < j with numbers[i] > numbers[j].
 * @param {number[]} numbers whole numbers; not changed
 * @returns {number}
 */
function countInversions(numbers) {
  const items = numbers.slice(); // sorted in place below; the caller's array stays as it was
  const buffer = new Array(items.length);

  // Sorts items[lo, hi) and returns the number of inversions inside that slice.
  function sortAndCount(lo, hi) {
    if (hi - lo < 2) {
      return 0;
    }
    const mid = (lo + hi) >> 1;
    let count = sortAndCount(lo, mid) + sortAndCount(mid, hi);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) {
      if (items[i] <= items[j]) {
        buffer[k++] = items[i++];
      } else {
        // items[j] is smaller than every number still waiting in the left half.
        count += mid - i;
        buffer[k++] = items[j++];
      }
    }
    while (i < mid) buffer[k++] = items[i++];
    while (j < hi) buffer[k++] = items[j++];
    for (k = lo; k < hi; k++) items[k] = buffer[k];
    return count;
  }

  return sortAndCount(0, items.length);
}

module.exports = { countInversions };
