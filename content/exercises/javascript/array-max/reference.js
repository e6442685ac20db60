/**
 * Returns the largest number in `numbers`, or null if the array is empty.
 * @param {number[]} numbers
 * @returns {number | null}
 */
function arrayMax(numbers) {
  if (numbers.length === 0) {
    return null;
  }
  let largest = numbers[0];
  for (const n of numbers) {
    if (n > largest) {
      largest = n;
    }
  }
  return largest;
}

module.exports = { arrayMax };
