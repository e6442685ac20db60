const test = require("node:test");
const assert = require("node:assert/strict");
const { countWays } = require("./main.js");

test("four cents with 1- and 2-cent coins", () => {
  assert.equal(countWays(4, [1, 2]), 3);
});

test("ten cents with four coin values", () => {
  assert.equal(countWays(10, [2, 5, 3, 6]), 5);
});

test("an amount that cannot be paid", () => {
  assert.equal(countWays(3, [2]), 0);
});

test("two euros in euro coins", () => {
  assert.equal(countWays(200, [1, 2, 5, 10, 20, 50, 100, 200]), 73682);
});
