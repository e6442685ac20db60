const test = require("node:test");
const assert = require("node:assert/strict");
const { factorize } = require("./main.js");

test("the smallest prime", () => {
  assert.deepEqual(factorize(2), [[2, 1]]);
});

test("a power of a single prime", () => {
  assert.deepEqual(factorize(1024), [[2, 10]]);
});

test("a prime factor larger than the square root", () => {
  assert.deepEqual(factorize(2 * 3 * 101), [[2, 1], [3, 1], [101, 1]]);
});

test("a square of a prime", () => {
  assert.deepEqual(factorize(49), [[7, 2]]);
});

test("the largest prime below 10^12", () => {
  assert.deepEqual(factorize(999999999989), [[999999999989, 1]]);
});

test("a product of two large primes", () => {
  assert.deepEqual(factorize(999983 * 1000003), [[999983, 1], [1000003, 1]]);
});

test("the square of a large prime", () => {
  assert.deepEqual(factorize(999983 * 999983), [[999983, 2]]);
});

test("10^12 itself", () => {
  assert.deepEqual(factorize(1e12), [[2, 12], [5, 12]]);
});

test("a number with several large prime factors", () => {
  assert.deepEqual(factorize(600851475143), [[71, 1], [839, 1], [1471, 1], [6857, 1]]);
});

test("a large prime times a small one", () => {
  assert.deepEqual(factorize(2 * 499999999979), [[2, 1], [499999999979, 1]]);
});
