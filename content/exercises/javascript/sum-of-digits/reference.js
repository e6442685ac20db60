/**
 * Returns the sum of the decimal digits of the whole number `n` (ignoring its sign).
 * @param {number} n
 * @returns {number}
 */
function sumOfDigits(n) {
  let rest = Math.abs(n);
  let sum = 0;
  while (rest > 0) {
    sum += rest % 10;
    rest = Math.floor(rest / 10);
  }
  return sum;
}

module.exports = { sumOfDigits };
