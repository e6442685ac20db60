/**
 * Rotates a rectangular grid by `turns` quarter turns (positive = clockwise).
 * @param {Array<Array<*>>} grid
 * @param {number} turns - any whole number
 * @returns {Array<Array<*>>} a new grid
 */
function rotate(grid, turns) {
  // Your code here.
  return grid;
}

module.exports = { rotate };
