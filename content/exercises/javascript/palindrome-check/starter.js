/**
 * Whether `text` reads the same forwards and backwards, counting only letters and digits
 * and ignoring case.
 * @param {string} text
 * @returns {boolean}
 */
function isPalindrome(text) {
  // Your code here.
  return false;
}

module.exports = { isPalindrome };
