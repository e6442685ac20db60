const test = require("node:test");
const assert = require("node:assert/strict");
const { maskCard } = require("./main.js");

test("an empty string stays empty", () => {
  assert.equal(maskCard(""), "");
});

test("exactly four digits are all visible", () => {
  assert.equal(maskCard("1234"), "1234");
});

test("five digits hide only the first one", () => {
  assert.equal(maskCard("12345"), "#2345");
});

test("an eight-digit number", () => {
  assert.equal(maskCard("64607935"), "####7935");
});

test("repeated digits are masked by position, not by value", () => {
  assert.equal(maskCard("5555555555"), "######5555");
});

test("a thirty-digit number", () => {
  assert.equal(maskCard("123456789012345678901234567890"), "##########################7890");
});
