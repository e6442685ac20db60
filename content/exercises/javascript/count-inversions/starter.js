/**
 * Counts the pairs of positions i < j with numbers[i] > numbers[j].
 * @param {number[]} numbers whole numbers; not changed
 * @returns {number}
 */
function countInversions(numbers) {
  // Your code here.
  return 0;
}

module.exports = { countInversions };
