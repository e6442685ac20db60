/**
 * Returns the sum of the decimal digits of the whole number `n` (ignoring its sign).
 * @param {number} n
 * @returns {number}
 */
function sumOfDigits(n) {
  // Your code here.
  return 0;
}

module.exports = { sumOfDigits };
