/**
 * Describes the state of a tic-tac-toe board.
 * @param {string[]} board - three strings of three characters: "X", "O" or "."
 * @returns {string} "X wins", "O wins", "draw", "X to move", "O to move" or "invalid"
 */
function gameState(board) {
  // Your code here.
  return "X to move";
}

module.exports = { gameState };
