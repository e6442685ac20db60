const test = require("node:test");
const assert = require("node:assert/strict");
const { longestRun } = require("./main.js");

const N = 100_000;

// Deterministic pseudo-random scores from -1e9 to 1e9 (a fixed linear congruential generator).
function pseudoRandomScores(n, seed) {
  const scores = [];
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    scores.push((x % 2_000_000_001) - 1_000_000_000);
  }
  return scores;
}

test("a single game is a run of length one", () => {
  assert.equal(longestRun([42]), 1);
});

test("falling scores give runs of length one", () => {
  assert.equal(longestRun([9, 7, 5, 3, 1]), 1);
});

test("the order of the games cannot change", () => {
  assert.equal(longestRun([5, 1, 2]), 2);
});

test("negative scores", () => {
  assert.equal(longestRun([-5, -10, -3, -4, -1]), 3);
});

test("the best run need not use the highest score", () => {
  assert.equal(longestRun([1, 2, 3, 100, 4, 5]), 5);
});

test("a repeated score between rises does not count twice", () => {
  assert.equal(longestRun([1, 2, 2, 3, 3, 4]), 4);
});

test("the extreme scores", () => {
  assert.equal(longestRun([1_000_000_000, -1_000_000_000, 0, 1_000_000_000]), 3);
});

test("the scores are not changed", () => {
  const scores = [3, 1, 4, 1, 5, 9, 2, 6];
  longestRun(scores);
  assert.deepEqual(scores, [3, 1, 4, 1, 5, 9, 2, 6]);
});

test("a long season of pairs, one from each pair", () => {
  // 1, 0, 3, 2, 5, 4, ...: one game of every pair can join the run.
  const scores = [];
  for (let k = 0; k < N / 2; k++) {
    scores.push(2 * k + 1, 2 * k);
  }
  assert.equal(longestRun(scores), N / 2);
});

test("a long season of falling streaks", () => {
  // 1 000 blocks of 100 falling scores; every block is higher than the one before.
  const scores = [];
  for (let block = 0; block < 1_000; block++) {
    for (let j = 99; j >= 0; j--) {
      scores.push(block * 100 + j);
    }
  }
  assert.equal(longestRun(scores), 1_000);
});

test("a long season with the same score every game", () => {
  assert.equal(longestRun(new Array(N).fill(-7)), 1);
});

test("a long season of unpredictable scores", () => {
  assert.equal(longestRun(pseudoRandomScores(N, 2024)), 624);
});
