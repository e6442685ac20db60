const test = require("node:test");
const assert = require("node:assert/strict");
const { firstIndexOf } = require("./main.js");

const N = 1000000;

/** Looks up every target and fails on the first wrong answer, showing the target. */
function checkAll(sorted, targets, expectedIndexOf) {
  for (const target of targets) {
    const got = firstIndexOf(sorted, target);
    const expected = expectedIndexOf(target);
    if (got !== expected) {
      assert.deepEqual({ target, index: got }, { target, index: expected });
    }
  }
}

test("an empty array gives -1", () => {
  assert.equal(firstIndexOf([], 5), -1);
});

test("a single entry", () => {
  assert.equal(firstIndexOf([7], 7), 0);
  assert.equal(firstIndexOf([7], 6), -1);
  assert.equal(firstIndexOf([7], 8), -1);
});

test("targets before the first and after the last entry give -1", () => {
  assert.equal(firstIndexOf([2, 4, 6], 1), -1);
  assert.equal(firstIndexOf([2, 4, 6], 7), -1);
});

test("targets between two entries give -1", () => {
  assert.equal(firstIndexOf([2, 4, 6], 3), -1);
  assert.equal(firstIndexOf([2, 4, 6], 5), -1);
  assert.equal(firstIndexOf([2, 4, 4, 6], 4.5), -1);
});

test("every entry equal", () => {
  assert.equal(firstIndexOf([9, 9, 9, 9, 9], 9), 0);
  assert.equal(firstIndexOf([9, 9, 9, 9, 9], 10), -1);
});

test("repeats at the start and at the end", () => {
  assert.equal(firstIndexOf([1, 1, 1, 2, 3, 3, 3], 1), 0);
  assert.equal(firstIndexOf([1, 1, 1, 2, 3, 3, 3], 3), 4);
  assert.equal(firstIndexOf([1, 1, 1, 2, 3, 3, 3], 2), 3);
});

test("the first entry and the last entry", () => {
  assert.equal(firstIndexOf([10, 20, 30, 40, 50, 60], 10), 0);
  assert.equal(firstIndexOf([10, 20, 30, 40, 50, 60], 60), 5);
});

test("negative values and decimals", () => {
  const sorted = [-5, -5, -2.5, 0, 0, 0.5, 7];
  assert.equal(firstIndexOf(sorted, -5), 0);
  assert.equal(firstIndexOf(sorted, -2.5), 2);
  assert.equal(firstIndexOf(sorted, 0), 3);
  assert.equal(firstIndexOf(sorted, 0.5), 5);
  assert.equal(firstIndexOf(sorted, -3), -1);
});

test("the array is not changed", () => {
  const sorted = [1, 2, 2, 3];
  assert.equal(firstIndexOf(sorted, 2), 1);
  assert.deepEqual(sorted, [1, 2, 2, 3]);
});

test("200 000 lookups in a log of 1 000 000 entries", () => {
  // Each value -600000, -599997, -599994, ... appears 5 times in a row.
  const sorted = Array.from({ length: N }, (_, i) => Math.floor(i / 5) * 3 - 600000);
  const targets = Array.from({ length: 200000 }, (_, k) => ((k * 7919) % 700000) - 650000);
  checkAll(sorted, targets, (t) => {
    const j = (t + 600000) / 3;
    return Number.isInteger(j) && j >= 0 && j < N / 5 ? 5 * j : -1;
  });
});

test("100 000 lookups of a value repeated 500 000 times", () => {
  // 0, 2, 4, ..., 999998, then 1000000 half a million times.
  const sorted = Array.from({ length: N }, (_, i) => (i < N / 2 ? 2 * i : N));
  const targets = Array.from({ length: 100000 }, (_, k) => (k % 4 === 0 ? 2 * k : N));
  checkAll(sorted, targets, (t) => (t === N ? N / 2 : t / 2));
});
