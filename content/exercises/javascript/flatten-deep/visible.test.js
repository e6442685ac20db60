const test = require("node:test");
const assert = require("node:assert/strict");
const { flattenDeep } = require("./main.js");

test("flattens every level by default", () => {
  assert.deepEqual(flattenDeep([1, [2, [3, [4]], 5]]), [1, 2, 3, 4, 5]);
});

test("depth one spreads only the outer arrays", () => {
  assert.deepEqual(flattenDeep([1, [2, [3, [4]], 5]], 1), [1, 2, [3, [4]], 5]);
});

test("strings and empty arrays", () => {
  assert.deepEqual(flattenDeep(["rock", ["jazz", []], null]), ["rock", "jazz", null]);
});

test("an array that contains itself throws a TypeError", () => {
  const loop = [1];
  loop.push(loop);
  assert.throws(() => flattenDeep(loop), TypeError);
});
