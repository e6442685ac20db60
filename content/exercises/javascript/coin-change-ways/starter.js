/**
 * Counts the combinations of coins (unlimited of each value) that add up to `amount`,
 * modulo 1 000 000 007.
 * @param {number} amount whole number, 0 to 100 000
 * @param {number[]} coins coin values, whole numbers from 1 to 100 000
 * @returns {number}
 */
function countWays(amount, coins) {
  // Your code here.
  return 0;
}

module.exports = { countWays };
