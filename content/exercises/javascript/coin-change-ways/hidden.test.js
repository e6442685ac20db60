const test = require("node:test");
const assert = require("node:assert/strict");
const { countWays } = require("./main.js");

const EURO = [1, 2, 5, 10, 20, 50, 100, 200];

test("an amount of 0 is paid in one way, even without coins", () => {
  assert.equal(countWays(0, []), 1);
  assert.equal(countWays(0, [5, 10]), 1);
});

test("no coins cannot pay a positive amount", () => {
  assert.equal(countWays(7, []), 0);
});

test("one coin value that fits exactly", () => {
  assert.equal(countWays(1, [1]), 1);
  assert.equal(countWays(12, [3]), 1);
});

test("amounts that cannot be paid", () => {
  assert.equal(countWays(7, [2, 4]), 0);
  assert.equal(countWays(99999, [2]), 0);
});

test("the order of the coins in a payment does not matter", () => {
  // 1+1+1+1, 1+1+2 and 2+2; counting orders (1+2+1, 2+1+1, ...) would give 5.
  assert.equal(countWays(4, [2, 1]), 3);
  assert.equal(countWays(5, [1, 2, 5]), 4);
});

test("a repeated coin value is one kind of coin", () => {
  assert.equal(countWays(4, [1, 2, 2]), 3);
  assert.equal(countWays(6, [3, 3, 3]), 1);
});

test("the order of the coin values does not matter", () => {
  assert.equal(countWays(200, [200, 100, 50, 20, 10, 5, 2, 1]), 73682);
});

test("coins bigger than the amount are never used", () => {
  assert.equal(countWays(6, [100, 3]), 1);
  assert.equal(countWays(100000, [100000, 99999, 1]), 3);
});

test("ten euros in euro coins", () => {
  assert.equal(countWays(1000, EURO), 321335886);
});

test("500 with every coin value from 1 to 100 is taken modulo 1 000 000 007", () => {
  const coins = Array.from({ length: 100 }, (_, i) => i + 1);
  // The exact count is 2197282936549528745614.
  assert.equal(countWays(500, coins), 548297438);
});

test("1 000 euros in euro coins", () => {
  // The exact count is 10056050940818192726001.
  assert.equal(countWays(100000, EURO), 836633026);
});

test("100 000 with every coin value from 1 to 100", () => {
  const coins = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(countWays(100000, coins), 268746041);
});

test("100 000 with a few large coin values", () => {
  assert.equal(countWays(100000, [7, 11, 13, 9973, 30011]), 27843713);
});
