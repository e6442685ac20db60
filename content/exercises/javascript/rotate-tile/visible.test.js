const test = require("node:test");
const assert = require("node:assert/strict");
const { rotate } = require("./main.js");

test("one clockwise turn", () => {
  assert.deepEqual(rotate([[1, 2, 3], [4, 5, 6]], 1), [[4, 1], [5, 2], [6, 3]]);
});

test("one counter-clockwise turn", () => {
  assert.deepEqual(rotate([[1, 2, 3], [4, 5, 6]], -1), [[3, 6], [2, 5], [1, 4]]);
});

test("a half turn", () => {
  assert.deepEqual(rotate([["a", "b"], ["c", "d"]], 2), [["d", "c"], ["b", "a"]]);
});
