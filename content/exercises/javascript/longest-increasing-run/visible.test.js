const test = require("node:test");
const assert = require("node:assert/strict");
const { longestRun } = require("./main.js");

test("games can be skipped", () => {
  assert.equal(longestRun([3, 1, 4, 1, 5, 9, 2, 6]), 4);
});

test("skipping the first game can give a longer run", () => {
  assert.equal(longestRun([10, 1, 2, 3, 11]), 4);
});

test("repeated scores do not continue a run", () => {
  assert.equal(longestRun([4, 4, 4]), 1);
});

test("an empty season has no run", () => {
  assert.equal(longestRun([]), 0);
});
