/**
 * Returns the prime factorization of `n` as [prime, exponent] pairs, smallest prime first.
 * @param {number} n - a whole number from 1 to 10**12
 * @returns {Array<[number, number]>}
 */
function factorize(n) {
  const factors = [];
  // Your code here.
  return factors;
}

module.exports = { factorize };
