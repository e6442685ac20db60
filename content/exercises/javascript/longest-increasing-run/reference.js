/**
 * Returns the length of the longest strictly increasing run of scores, taken in order
 * but not necessarily from consecutive games.
 * @param {number[]} scores
 * @returns {number}
 */
function longestRun(scores) {
  // tails[k] is the smallest score that can end an improving run of length k + 1 so far.
  // It is strictly increasing, so each score finds its place by binary search.
  const tails = [];
  for (const score of scores) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < score) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    tails[lo] = score;
  }
  return tails.length;
}

module.exports = { longestRun };
