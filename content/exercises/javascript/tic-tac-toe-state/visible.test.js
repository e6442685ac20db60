const test = require("node:test");
const assert = require("node:assert/strict");
const { gameState } = require("./main.js");

test("a full row wins", () => {
  assert.equal(gameState(["XXX", "OO.", "..."]), "X wins");
});

test("a full board without a line is a draw", () => {
  assert.equal(gameState(["XOX", "XOO", "OXX"]), "draw");
});

test("after X's first move it is O's turn", () => {
  assert.equal(gameState(["X..", "...", "..."]), "O to move");
});
