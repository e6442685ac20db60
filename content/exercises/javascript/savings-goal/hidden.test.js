const test = require("node:test");
const assert = require("node:assert/strict");
const { monthsToGoal } = require("./main.js");

test("nothing saved and nothing paid in never reaches the goal", () => {
  assert.equal(monthsToGoal(0, 0, 100, 5), -1);
});

test("interest alone can reach the goal", () => {
  // 100, 110, 121, 133, 146, 160, 176, 193, 212
  assert.equal(monthsToGoal(100, 0, 200, 10), 8);
});

test("interest is rounded down every month", () => {
  // 19, 20, 22, 24, 26, 28, 30 (without rounding it would pass 30 a month earlier)
  assert.equal(monthsToGoal(19, 0, 30, 10), 6);
});

test("a balance one cent short with interest that rounds to zero", () => {
  assert.equal(monthsToGoal(99, 0, 100, 1), -1);
});

test("one cent of interest is enough to finish", () => {
  assert.equal(monthsToGoal(100, 0, 101, 1), 1);
});

test("deposits alone without interest", () => {
  assert.equal(monthsToGoal(0, 2500, 10000, 0), 4);
});

test("the longest allowed wait", () => {
  assert.equal(monthsToGoal(0, 1, 1200, 0), 1200);
});

test("doubling a large balance at one percent", () => {
  assert.equal(monthsToGoal(1000000, 0, 2000000, 1), 70);
});

test("an empty goal is reached at once", () => {
  assert.equal(monthsToGoal(0, 0, 0, 0), 0);
});
