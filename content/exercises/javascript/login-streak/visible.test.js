const test = require("node:test");
const assert = require("node:assert/strict");
const { longestStreak } = require("./main.js");

test("finds the longest run of days in an unsorted log", () => {
  assert.deepEqual(longestStreak([103, 101, 7, 102, 8, 101]), { start: 101, length: 3 });
});

test("equally long streaks go to the earliest one", () => {
  assert.deepEqual(longestStreak([5, 1, 3]), { start: 1, length: 1 });
});

test("no logins give no streak", () => {
  assert.deepEqual(longestStreak([]), { start: null, length: 0 });
});
