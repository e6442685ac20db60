const test = require("node:test");
const assert = require("node:assert/strict");
const { countdown } = require("./main.js");

test("zero is just liftoff", () => {
  assert.equal(countdown(0), "liftoff!");
});

test("counts down from 10", () => {
  assert.equal(countdown(10), "10, 9, 8, 7, 6, 5, 4, 3, 2, 1, liftoff!");
});

test("counts down from 2", () => {
  assert.equal(countdown(2), "2, 1, liftoff!");
});

test("counts down from 100", () => {
  const numbers = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(countdown(100), `${numbers.join(", ")}, liftoff!`);
});
