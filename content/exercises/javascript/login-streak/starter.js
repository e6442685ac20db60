/**
 * Finds the longest run of consecutive day numbers in `days` (earliest start on ties).
 * @param {number[]} days
 * @returns {{start: number | null, length: number}}
 */
function longestStreak(days) {
  // Your code here.
  return { start: null, length: 0 };
}

module.exports = { longestStreak };
