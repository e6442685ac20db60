const test = require("node:test");
const assert = require("node:assert/strict");
const { maskCard } = require("./main.js");

test("a sixteen-digit number shows only its last four digits", () => {
  assert.equal(maskCard("4556364607935616"), "############5616");
});

test("a short number is returned unchanged", () => {
  assert.equal(maskCard("123"), "123");
});
