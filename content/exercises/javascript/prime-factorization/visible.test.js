const test = require("node:test");
const assert = require("node:assert/strict");
const { factorize } = require("./main.js");

test("360 is 2 cubed times 3 squared times 5", () => {
  assert.deepEqual(factorize(360), [[2, 3], [3, 2], [5, 1]]);
});

test("a prime is its own factorization", () => {
  assert.deepEqual(factorize(13), [[13, 1]]);
});

test("1 has no prime factors", () => {
  assert.deepEqual(factorize(1), []);
});
