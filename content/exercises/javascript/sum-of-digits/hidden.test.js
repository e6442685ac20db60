const test = require("node:test");
const assert = require("node:assert/strict");
const { sumOfDigits } = require("./main.js");

test("zero", () => {
  assert.equal(sumOfDigits(0), 0);
});

test("the minus sign is ignored", () => {
  assert.equal(sumOfDigits(-47), 11);
  assert.equal(sumOfDigits(-5), 5);
});

test("all ten digits", () => {
  assert.equal(sumOfDigits(1234567890), 45);
});

test("zeros in the middle", () => {
  assert.equal(sumOfDigits(10203), 6);
});

test("nines", () => {
  assert.equal(sumOfDigits(99999), 45);
});

test("the largest safe number", () => {
  assert.equal(sumOfDigits(9007199254740991), 76);
});

test("the smallest safe number", () => {
  assert.equal(sumOfDigits(-9007199254740991), 76);
});
