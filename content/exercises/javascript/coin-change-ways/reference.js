const MOD = 1_000_000_007;

/**
 * Counts the combinations of coins (unlimited of each value) that add up to `amount`,
 * modulo 1 000 000 007.
 * @param {number} amount whole number, 0 to 100 000
 * @param {number[]} coins coin values, whole numbers from 1 to 100 000
 * @returns {number}
 */
function countWays(amount, coins) {
  // ways[a] = number of ways to pay `a` with the coin values handled so far.
  const ways = new Array(amount + 1).fill(0);
  ways[0] = 1;
  // Coin values in the outer loop: each combination is built in one fixed order of values,
  // so it is counted once. A Set drops repeated values.
  for (const coin of new Set(coins)) {
    for (let a = coin; a <= amount; a++) {
      ways[a] = (ways[a] + ways[a - coin]) % MOD;
    }
  }
  return ways[amount];
}

module.exports = { countWays };
