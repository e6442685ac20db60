const test = require("node:test");
const assert = require("node:assert/strict");
const { mergeIntervals } = require("./main.js");

const N = 100_000;

test("a single booking is a block", () => {
  assert.deepEqual(mergeIntervals([[9, 10]]), [[9, 10]]);
});

test("bookings that only touch are merged", () => {
  assert.deepEqual(mergeIntervals([[10, 11], [9, 10]]), [[9, 11]]);
});

test("a booking inside another disappears into it", () => {
  assert.deepEqual(mergeIntervals([[9, 17], [12, 13]]), [[9, 17]]);
  assert.deepEqual(mergeIntervals([[1, 10], [2, 3], [4, 5]]), [[1, 10]]);
});

test("blocks are sorted by start time as numbers", () => {
  assert.deepEqual(mergeIntervals([[10, 12], [2, 3], [9, 9.5]]), [[2, 3], [9, 9.5], [10, 12]]);
});

test("the same booking twice", () => {
  assert.deepEqual(mergeIntervals([[4, 6], [4, 6]]), [[4, 6]]);
});

test("a moment is a block unless it overlaps or touches another", () => {
  assert.deepEqual(mergeIntervals([[5, 5]]), [[5, 5]]);
  assert.deepEqual(mergeIntervals([[3, 3], [1, 2]]), [[1, 2], [3, 3]]);
  assert.deepEqual(mergeIntervals([[2, 2], [1, 2], [4, 6], [5, 5]]), [[1, 2], [4, 6]]);
});

test("negative and fractional times", () => {
  assert.deepEqual(
    mergeIntervals([[-3.5, -1], [-1, 0.25], [0.5, 0.75]]),
    [[-3.5, 0.25], [0.5, 0.75]],
  );
});

test("the input is not changed", () => {
  const intervals = [[10, 12], [9, 11], [1, 2]];
  mergeIntervals(intervals);
  assert.deepEqual(intervals, [[10, 12], [9, 11], [1, 2]]);
});

test("the result holds new pairs", () => {
  const intervals = [[1, 2], [5, 9], [6, 7]];
  const result = mergeIntervals(intervals);
  result[0][1] = 100;
  result[1][0] = -100;
  assert.deepEqual(intervals, [[1, 2], [5, 9], [6, 7]]);
});

test("a long chain of touching bookings in reverse order", () => {
  const intervals = [];
  for (let k = N - 1; k >= 0; k--) {
    intervals.push([k, k + 1]);
  }
  assert.deepEqual(mergeIntervals(intervals), [[0, N]]);
});

test("a busy calendar of many overlapping pairs", () => {
  // Pairs [10k, 10k + 3] and [10k + 2, 10k + 5], latest first: each pair makes one block.
  const intervals = [];
  for (let k = N / 2 - 1; k >= 0; k--) {
    intervals.push([10 * k + 2, 10 * k + 5], [10 * k, 10 * k + 3]);
  }
  const expected = [];
  for (let k = 0; k < N / 2; k++) {
    expected.push([10 * k, 10 * k + 5]);
  }
  assert.deepEqual(mergeIntervals(intervals), expected);
});
