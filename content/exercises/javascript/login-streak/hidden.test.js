const test = require("node:test");
const assert = require("node:assert/strict");
const { longestStreak } = require("./main.js");

test("a single login is a streak of one day", () => {
  assert.deepEqual(longestStreak([42]), { start: 42, length: 1 });
});

test("several logins on the same day count once", () => {
  assert.deepEqual(longestStreak([4, 4, 4, 5, 5]), { start: 4, length: 2 });
});

test("negative day numbers", () => {
  assert.deepEqual(longestStreak([-1, 1, 0, -3, 5]), { start: -1, length: 3 });
});

test("a later tie does not replace the earlier streak", () => {
  assert.deepEqual(longestStreak([20, 21, 22, 1, 2, 3]), { start: 1, length: 3 });
});

test("a longer streak later in the log wins", () => {
  assert.deepEqual(longestStreak([1, 2, 10, 11, 12, 13, 3]), { start: 10, length: 4 });
});

test("the extremes of the range", () => {
  assert.deepEqual(longestStreak([1000000000, -1000000000, 999999999]), {
    start: 999999999,
    length: 2,
  });
});

test("a streak of 200 000 days in reverse order", () => {
  const days = Array.from({ length: 200000 }, (_, i) => 500000 - i);
  assert.deepEqual(longestStreak(days), { start: 300001, length: 200000 });
});

test("200 000 logins, every day twice, with one gap", () => {
  const days = [];
  for (let d = 0; d < 100001; d++) {
    if (d !== 40000) {
      days.push(d, d);
    }
  }
  assert.deepEqual(longestStreak(days), { start: 40001, length: 60000 });
});
