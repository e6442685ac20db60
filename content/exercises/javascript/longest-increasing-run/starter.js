/**
 * Returns the length of the longest strictly increasing run of scores, taken in order
 * but not necessarily from consecutive games.
 * @param {number[]} scores
 * @returns {number}
 */
function longestRun(scores) {
  // Your code here.
  return 0;
}

module.exports = { longestRun };
