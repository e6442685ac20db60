const test = require("node:test");
const assert = require("node:assert/strict");
const { countPairs } = require("./main.js");

test("no items give no pairs", () => {
  assert.equal(countPairs([], 10), 0);
});

test("an item cannot be paired with itself", () => {
  assert.equal(countPairs([5], 10), 0);
});

test("three equal halves make three pairs", () => {
  assert.equal(countPairs([5, 5, 5], 10), 3);
});

test("no pair adds up to the budget", () => {
  assert.equal(countPairs([1, 2, 3, 4], 100), 0);
});

test("order does not matter", () => {
  assert.equal(countPairs([9, 1, 1, 9, 9], 10), 6);
});

test("large prices", () => {
  assert.equal(countPairs([1000000000, 999999999, 1000000000, 1], 2000000000), 1);
});

test("200 000 items with the same price", () => {
  const prices = new Array(200000).fill(50);
  assert.equal(countPairs(prices, 100), 19999900000);
});

test("200 000 different prices paired from both ends", () => {
  const prices = Array.from({ length: 200000 }, (_, i) => i + 1);
  assert.equal(countPairs(prices, 200001), 100000);
});

test("200 000 prices with a single pair", () => {
  const prices = Array.from({ length: 199999 }, (_, i) => 1000 * (199999 - i));
  prices.push(7);
  assert.equal(countPairs(prices, 1007), 1);
});
