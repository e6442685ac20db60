const test = require("node:test");
const assert = require("node:assert/strict");
const { countInversions } = require("./main.js");

const N = 200000;

/** n pseudo-random whole numbers from lo to hi, always the same for the same seed. */
function pseudoRandom(n, seed, lo, hi) {
  const values = new Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    values[i] = lo + (x % (hi - lo + 1));
  }
  return values;
}

test("an empty array has no inversions", () => {
  assert.equal(countInversions([]), 0);
});

test("a single number has no inversions", () => {
  assert.equal(countInversions([42]), 0);
});

test("equal numbers are not an inversion", () => {
  assert.equal(countInversions([5, 5, 5]), 0);
  assert.equal(countInversions([3, 1, 3, 1]), 3);
  assert.equal(countInversions([1, 1, 0, 0]), 4);
});

test("negative numbers", () => {
  assert.equal(countInversions([-1, -5, 0, -3]), 3);
  assert.equal(countInversions([0, -1000000000, 1000000000, -1]), 3);
});

test("two numbers", () => {
  assert.equal(countInversions([1, 2]), 0);
  assert.equal(countInversions([2, 1]), 1);
});

test("the array is not changed", () => {
  const numbers = [4, 1, 3, 2];
  assert.equal(countInversions(numbers), 4);
  assert.deepEqual(numbers, [4, 1, 3, 2]);
});

test("200 000 numbers already sorted", () => {
  const numbers = Array.from({ length: N }, (_, i) => 2 * i - N);
  assert.equal(countInversions(numbers), 0);
});

test("200 000 numbers in reverse order: more than a 32-bit integer holds", () => {
  const numbers = Array.from({ length: N }, (_, i) => N - i);
  assert.equal(countInversions(numbers), 19999900000);
});

test("200 000 equal numbers", () => {
  assert.equal(countInversions(new Array(N).fill(-7)), 0);
});

test("200 000 pseudo-random numbers over the whole range", () => {
  const numbers = pseudoRandom(N, 12345, -1000000000, 1000000000);
  assert.equal(countInversions(numbers), 10010913289);
});

test("200 000 pseudo-random numbers with many repeats", () => {
  const numbers = pseudoRandom(N, 777, 0, 99);
  assert.equal(countInversions(numbers), 9894526059);
});

test("200 000 numbers in sorted blocks that come in reverse order", () => {
  // Blocks of 1000 increasing numbers; the blocks themselves go down, so every pair from two
  // different blocks is an inversion and no pair inside a block is.
  const numbers = Array.from({ length: N }, (_, i) => (N / 1000 - Math.floor(i / 1000)) * 1000 + (i % 1000));
  assert.equal(countInversions(numbers), (N * (N - 1)) / 2 - (N / 1000) * ((1000 * 999) / 2));
});
