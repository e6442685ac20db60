/**
 * Returns the postage in euros for a parcel of `weightKg` kilograms.
 * @param {number} weightKg - greater than 0, at most 30
 * @returns {number}
 */
function postage(weightKg) {
  if (weightKg <= 1) {
    return 4.5;
  }
  if (weightKg <= 5) {
    return 8;
  }
  if (weightKg <= 20) {
    return 15;
  }
  return 25;
}

module.exports = { postage };
