const test = require("node:test");
const assert = require("node:assert/strict");
const { pipe } = require("./main.js");

test("runs the functions from left to right", () => {
  const finalPrice = pipe((price) => price * 2, (price) => price - 5);
  assert.equal(finalPrice(100), 195);
});

test("all arguments go to the first function", () => {
  const sumThenDouble = pipe((a, b) => a + b, (x) => x * 2);
  assert.equal(sumThenDouble(3, 4), 14);
});
