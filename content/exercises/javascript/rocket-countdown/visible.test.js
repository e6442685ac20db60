const test = require("node:test");
const assert = require("node:assert/strict");
const { countdown } = require("./main.js");

test("counts down from 3", () => {
  assert.equal(countdown(3), "3, 2, 1, liftoff!");
});

test("counts down from 1", () => {
  assert.equal(countdown(1), "1, liftoff!");
});
