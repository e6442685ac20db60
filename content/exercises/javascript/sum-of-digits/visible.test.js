const test = require("node:test");
const assert = require("node:assert/strict");
const { sumOfDigits } = require("./main.js");

test("adds up the digits", () => {
  assert.equal(sumOfDigits(1234), 10);
});

test("a single digit is its own sum", () => {
  assert.equal(sumOfDigits(7), 7);
});

test("zeros add nothing", () => {
  assert.equal(sumOfDigits(1000), 1);
});
