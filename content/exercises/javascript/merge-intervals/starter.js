/**
 * Merges overlapping or touching [start, end] intervals into sorted, separate blocks.
 * @param {Array<[number, number]>} intervals
 * @returns {Array<[number, number]>}
 */
function mergeIntervals(intervals) {
  // Your code here.
  return [];
}

module.exports = { mergeIntervals };
