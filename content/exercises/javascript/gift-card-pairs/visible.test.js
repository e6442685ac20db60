const test = require("node:test");
const assert = require("node:assert/strict");
const { countPairs } = require("./main.js");

test("counts the pairs that spend the card exactly", () => {
  assert.equal(countPairs([3, 7, 5, 5, 2, 8], 10), 3);
});

test("items with the same price are different items", () => {
  assert.equal(countPairs([4, 6, 6, 4], 10), 4);
});
