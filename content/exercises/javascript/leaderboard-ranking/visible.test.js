const test = require("node:test");
const assert = require("node:assert/strict");
const { rankPlayers } = require("./main.js");

test("orders by score, then time, then name, and shares tied ranks", () => {
  const players = [
    { name: "ben", score: 80, time: 50 },
    { name: "ann", score: 95, time: 70 },
    { name: "cat", score: 80, time: 50 },
    { name: "dan", score: 80, time: 42 },
  ];
  assert.deepEqual(rankPlayers(players), [
    { rank: 1, name: "ann", score: 95, time: 70 },
    { rank: 2, name: "dan", score: 80, time: 42 },
    { rank: 3, name: "ben", score: 80, time: 50 },
    { rank: 3, name: "cat", score: 80, time: 50 },
  ]);
});

test("an empty leaderboard", () => {
  assert.deepEqual(rankPlayers([]), []);
});
