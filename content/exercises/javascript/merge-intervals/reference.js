/**
 * Merges overlapping or touching [start, end] intervals into sorted, separate blocks.
 * @param {Array<[number, number]>} intervals
 * @returns {Array<[number, number]>}
 */
function mergeIntervals(intervals) {
  // Copy the pairs (the input stays as it is), then sort them by start, numerically.
  const sorted = intervals.map(([start, end]) => [start, end]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) {
      // Overlaps or touches the current block: extend it (it may already reach further).
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

module.exports = { mergeIntervals };
