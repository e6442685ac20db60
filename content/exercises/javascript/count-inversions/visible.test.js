const test = require("node:test");
const assert = require("node:assert/strict");
const { countInversions } = require("./main.js");

test("counts the pairs in the wrong order", () => {
  assert.equal(countInversions([3, 1, 2]), 2);
  assert.equal(countInversions([2, 4, 1, 3, 5]), 3);
});

test("a sorted array has no inversions", () => {
  assert.equal(countInversions([1, 2, 3, 4]), 0);
});

test("a reversed array has an inversion for every pair", () => {
  assert.equal(countInversions([4, 3, 2, 1]), 6);
});
