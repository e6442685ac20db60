/**
 * Whether `text` reads the same forwards and backwards, counting only letters and digits
 * and ignoring case.
 * @param {string} text
 * @returns {boolean}
 */
function isPalindrome(text) {
  // Spreading a string splits it into whole characters (not UTF-16 halves).
  const chars = [...text.toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch));
  return mirrored(chars, 0, chars.length - 1);
}

/** Whether chars[first..last] reads the same in both directions. */
function mirrored(chars, first, last) {
  if (first >= last) {
    return true; // zero or one characters left
  }
  return chars[first] === chars[last] && mirrored(chars, first + 1, last - 1);
}

module.exports = { isPalindrome };
