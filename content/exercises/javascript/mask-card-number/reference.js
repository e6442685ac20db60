/**
 * Hides all but the last four characters of a card number behind "#".
 * @param {string} number - 0 to 30 digits
 * @returns {string}
 */
function maskCard(number) {
  if (number.length <= 4) {
    return number;
  }
  return "#".repeat(number.length - 4) + number.slice(-4);
}

module.exports = { maskCard };
