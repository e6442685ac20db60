const LINES = [
  [[0, 0], [0, 1], [0, 2]],
  [[1, 0], [1, 1], [1, 2]],
  [[2, 0], [2, 1], [2, 2]],
  [[0, 0], [1, 0], [2, 0]],
  [[0, 1], [1, 1], [2, 1]],
  [[0, 2], [1, 2], [2, 2]],
  [[0, 0], [1, 1], [2, 2]],
  [[0, 2], [1, 1], [2, 0]],
];

/**
 * Tells whether `player` has three in a row on `board`.
 * @param {string[]} board
 * @param {string} player
 * @returns {boolean}
 */
function hasLine(board, player) {
  return LINES.some((line) => line.every(([r, c]) => board[r][c] === player));
}

/**
 * Describes the state of a tic-tac-toe board.
 * @param {string[]} board - three strings of three characters: "X", "O" or "."
 * @returns {string} "X wins", "O wins", "draw", "X to move", "O to move" or "invalid"
 */
function gameState(board) {
  const cells = board.join("");
  const xs = cells.split("X").length - 1;
  const os = cells.split("O").length - 1;
  if (xs !== os && xs !== os + 1) {
    return "invalid";
  }
  const xWins = hasLine(board, "X");
  const oWins = hasLine(board, "O");
  if (xWins && oWins) {
    return "invalid";
  }
  if (xWins) {
    return xs === os + 1 ? "X wins" : "invalid";
  }
  if (oWins) {
    return xs === os ? "O wins" : "invalid";
  }
  if (xs + os === 9) {
    return "draw";
  }
  return xs === os ? "X to move" : "O to move";
}

module.exports = { gameState };
