/**
 * Returns the prime factorization of `n` as [prime, exponent] pairs, smallest prime first.
 * @param {number} n - a whole number from 1 to 10**12
 * @returns {Array<[number, number]>}
 */
function factorize(n) {
  const factors = [];
  for (let d = 2; d * d <= n; d++) {
    let exponent = 0;
    while (n % d === 0) {
      n /= d;
      exponent++;
    }
    if (exponent > 0) {
      factors.push([d, exponent]);
    }
  }
  if (n > 1) {
    factors.push([n, 1]);
  }
  return factors;
}

module.exports = { factorize };
