const test = require("node:test");
const assert = require("node:assert/strict");
const { rotate } = require("./main.js");

test("an empty grid stays empty", () => {
  assert.deepEqual(rotate([], 1), []);
});

test("a single cell", () => {
  assert.deepEqual(rotate([["x"]], 3), [["x"]]);
});

test("a single row becomes a single column", () => {
  assert.deepEqual(rotate([[1, 2, 3]], 1), [[1], [2], [3]]);
});

test("three clockwise turns equal one counter-clockwise turn", () => {
  assert.deepEqual(rotate([[1, 2, 3], [4, 5, 6]], 3), [[3, 6], [2, 5], [1, 4]]);
});

test("large turn counts wrap around", () => {
  const grid = [[1, 2], [3, 4], [5, 6]];
  assert.deepEqual(rotate(grid, 1001), [[5, 3, 1], [6, 4, 2]]);
  assert.deepEqual(rotate(grid, -1002), [[6, 5], [4, 3], [2, 1]]);
  assert.deepEqual(rotate(grid, -7), [[5, 3, 1], [6, 4, 2]]);
});

test("zero turns returns an equal but new grid", () => {
  const grid = [[1, 2], [3, 4]];
  const result = rotate(grid, 0);
  assert.deepEqual(result, [[1, 2], [3, 4]]);
  assert.notEqual(result, grid, "the result must be a new array");
  assert.notEqual(result[0], grid[0], "the rows must be new arrays");
});

test("four turns returns an equal but new grid", () => {
  const grid = [[1, 2, 3]];
  const result = rotate(grid, 4);
  assert.deepEqual(result, [[1, 2, 3]]);
  assert.notEqual(result[0], grid[0], "the rows must be new arrays");
});

test("the given grid is not changed", () => {
  const grid = [[1, 2], [3, 4]];
  const result = rotate(grid, 1);
  result[0][0] = 99;
  assert.deepEqual(grid, [[1, 2], [3, 4]]);
});

test("a large tile", () => {
  const grid = Array.from({ length: 300 }, (_, r) => Array.from({ length: 200 }, (_, c) => r * 1000 + c));
  const expected = Array.from({ length: 200 }, (_, r) => Array.from({ length: 300 }, (_, c) => c * 1000 + (199 - r)));
  assert.deepEqual(rotate(grid, -1), expected);
});
