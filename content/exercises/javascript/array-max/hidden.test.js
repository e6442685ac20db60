const test = require("node:test");
const assert = require("node:assert/strict");
const { arrayMax } = require("./main.js");

test("a single reading", () => {
  assert.equal(arrayMax([5]), 5);
  assert.equal(arrayMax([-40]), -40);
});

test("the largest number first", () => {
  assert.equal(arrayMax([30, 2, 17, 29]), 30);
});

test("the largest number last", () => {
  assert.equal(arrayMax([2, 17, 29, 30]), 30);
});

test("the largest number more than once", () => {
  assert.equal(arrayMax([3, 8, 8]), 8);
  assert.equal(arrayMax([4, 4, 4, 4]), 4);
});

test("zero is larger than negative numbers", () => {
  assert.equal(arrayMax([-1, 0, -5]), 0);
});

test("decimals", () => {
  assert.equal(arrayMax([36.6, 36.65, 36.5]), 36.65);
  assert.equal(arrayMax([-0.5, -0.25, -0.75]), -0.25);
});

test("numbers are compared as numbers, not as text", () => {
  assert.equal(arrayMax([9, 10, 100, 25]), 100);
  assert.equal(arrayMax([-10, -9, -100]), -9);
});

test("the array is not changed", () => {
  const readings = [3, 9, 1, 7];
  assert.equal(arrayMax(readings), 9);
  assert.deepEqual(readings, [3, 9, 1, 7]);
});

test("a year of hourly readings", () => {
  // 8 760 readings going up and down; the highest is at hour 5000.
  const readings = Array.from({ length: 8760 }, (_, h) => (h === 5000 ? 38.5 : ((h * 37) % 61) - 25));
  assert.equal(arrayMax(readings), 38.5);
});
