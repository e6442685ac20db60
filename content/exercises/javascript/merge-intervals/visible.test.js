const test = require("node:test");
const assert = require("node:assert/strict");
const { mergeIntervals } = require("./main.js");

test("overlapping and touching bookings become busy blocks", () => {
  assert.deepEqual(
    mergeIntervals([[9, 12], [13, 15], [10, 11], [14.5, 17], [8, 9]]),
    [[8, 12], [13, 17]],
  );
});

test("separate bookings stay separate", () => {
  assert.deepEqual(mergeIntervals([[1, 2], [3, 4]]), [[1, 2], [3, 4]]);
});

test("no bookings give no blocks", () => {
  assert.deepEqual(mergeIntervals([]), []);
});
