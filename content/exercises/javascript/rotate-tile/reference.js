/**
 * Turns a grid one quarter clockwise, returning a new grid.
 * @param {Array<Array<*>>} grid - not empty
 * @returns {Array<Array<*>>}
 */
function rotateOnce(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const result = [];
  for (let c = 0; c < cols; c++) {
    const row = [];
    for (let r = rows - 1; r >= 0; r--) {
      row.push(grid[r][c]);
    }
    result.push(row);
  }
  return result;
}

/**
 * Rotates a rectangular grid by `turns` quarter turns (positive = clockwise).
 * @param {Array<Array<*>>} grid
 * @param {number} turns - any whole number
 * @returns {Array<Array<*>>} a new grid
 */
function rotate(grid, turns) {
  let result = grid.map((row) => [...row]);
  if (result.length === 0) {
    return result;
  }
  const clockwise = ((turns % 4) + 4) % 4;
  for (let i = 0; i < clockwise; i++) {
    result = rotateOnce(result);
  }
  return result;
}

module.exports = { rotate };
