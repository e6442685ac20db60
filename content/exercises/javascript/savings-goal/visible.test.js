const test = require("node:test");
const assert = require("node:assert/strict");
const { monthsToGoal } = require("./main.js");

test("interest and deposits reach the goal in four months", () => {
  assert.equal(monthsToGoal(10000, 5000, 30000, 1), 4);
});

test("a goal already reached takes no months", () => {
  assert.equal(monthsToGoal(50000, 0, 50000, 3), 0);
});

test("a balance that cannot grow never reaches the goal", () => {
  assert.equal(monthsToGoal(50, 0, 100, 1), -1);
});
