/**
 * Counts the pairs of positions i < j whose prices add up to exactly `budget`.
 * @param {number[]} prices
 * @param {number} budget
 * @returns {number}
 */
function countPairs(prices, budget) {
  let pairs = 0;
  // Your code here.
  return pairs;
}

module.exports = { countPairs };
