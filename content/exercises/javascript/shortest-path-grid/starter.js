/**
 * Returns the fewest steps from "S" to "E" through a warehouse map, or -1 if "E" cannot
 * be reached. Steps go up, down, left or right; "#" cells are shelves.
 * @param {string[]} grid rows of equal length made of ".", "#", "S" and "E"
 * @returns {number}
 */
function shortestPath(grid) {
  // Your code here.
  return -1;
}

module.exports = { shortestPath };
