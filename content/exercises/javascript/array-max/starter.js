/**
 * Returns the largest number in `numbers`, or null if the array is empty.
 * @param {number[]} numbers
 * @returns {number | null}
 */
function arrayMax(numbers) {
  // Your code here.
  return null;
}

module.exports = { arrayMax };
