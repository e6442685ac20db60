/**
 * Counts the pairs of positions i < j whose prices add up to exactly `budget`.
 * @param {number[]} prices
 * @param {number} budget
 * @returns {number}
 */
function countPairs(prices, budget) {
  const seen = new Map(); // price -> how many items with that price came before
  let pairs = 0;
  for (const price of prices) {
    pairs += seen.get(budget - price) ?? 0;
    seen.set(price, (seen.get(price) ?? 0) + 1);
  }
  return pairs;
}

module.exports = { countPairs };
