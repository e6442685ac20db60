/**
 * Returns the countdown from `n` to 1 followed by "liftoff!".
 * @param {number} n - a whole number from 0 to 100
 * @returns {string}
 */
function countdown(n) {
  const parts = [];
  for (let i = n; i >= 1; i--) {
    parts.push(String(i));
  }
  parts.push("liftoff!");
  return parts.join(", ");
}

module.exports = { countdown };
