const test = require("node:test");
const assert = require("node:assert/strict");
const { gameState } = require("./main.js");

test("an empty board is X's turn", () => {
  assert.equal(gameState(["...", "...", "..."]), "X to move");
});

test("equal counts mean it is X's turn", () => {
  assert.equal(gameState(["XO.", "...", "..."]), "X to move");
});

test("O wins with a column", () => {
  assert.equal(gameState(["XOX", "XO.", ".O."]), "O wins");
});

test("X wins with the anti-diagonal", () => {
  assert.equal(gameState(["OOX", ".X.", "X.."]), "X wins");
});

test("a win on the last square is a win, not a draw", () => {
  assert.equal(gameState(["XOX", "OXO", "OXX"]), "X wins");
});

test("one move completing two lines is an ordinary win", () => {
  assert.equal(gameState(["XXX", "OXO", "OOX"]), "X wins");
});

test("O moving first is invalid", () => {
  assert.equal(gameState(["OO.", "...", "..."]), "invalid");
  assert.equal(gameState(["O..", "...", "..."]), "invalid");
});

test("X moving twice in a row is invalid", () => {
  assert.equal(gameState(["XX.", "...", "..."]), "invalid");
});

test("both players winning is invalid", () => {
  assert.equal(gameState(["XXX", "OOO", "..."]), "invalid");
});

test("O playing on after X won is invalid", () => {
  assert.equal(gameState(["XXX", "OO.", "O.."]), "invalid");
});

test("X playing on after O won is invalid", () => {
  assert.equal(gameState(["OOO", "XX.", "X.X"]), "invalid");
});
