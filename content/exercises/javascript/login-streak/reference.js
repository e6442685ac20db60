/**
 * Finds the longest run of consecutive day numbers in `days` (earliest start on ties).
 * @param {number[]} days
 * @returns {{start: number | null, length: number}}
 */
function longestStreak(days) {
  const present = new Set(days);
  let best = { start: null, length: 0 };
  for (const day of present) {
    if (present.has(day - 1)) {
      continue; // not the first day of its streak
    }
    let length = 1;
    while (present.has(day + length)) {
      length++;
    }
    if (length > best.length || (length === best.length && day < best.start)) {
      best = { start: day, length };
    }
  }
  return best;
}

module.exports = { longestStreak };
