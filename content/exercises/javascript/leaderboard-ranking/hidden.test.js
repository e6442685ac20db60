const test = require("node:test");
const assert = require("node:assert/strict");
const { rankPlayers } = require("./main.js");

test("a single player is rank 1", () => {
  assert.deepEqual(rankPlayers([{ name: "solo", score: 0, time: 0 }]), [
    { rank: 1, name: "solo", score: 0, time: 0 },
  ]);
});

test("the rank after a tie skips ahead", () => {
  const players = [
    { name: "d", score: 10, time: 9 },
    { name: "a", score: 30, time: 5 },
    { name: "c", score: 20, time: 5 },
    { name: "b", score: 20, time: 5 },
  ];
  assert.deepEqual(
    rankPlayers(players).map((p) => [p.rank, p.name]),
    [[1, "a"], [2, "b"], [2, "c"], [4, "d"]],
  );
});

test("scores are compared as numbers, not text", () => {
  const players = [
    { name: "x", score: 9, time: 1 },
    { name: "y", score: 100, time: 1 },
    { name: "z", score: 25, time: 1 },
  ];
  assert.deepEqual(rankPlayers(players).map((p) => p.name), ["y", "z", "x"]);
});

test("equal score but different time is not a tie", () => {
  const players = [
    { name: "slow", score: 50, time: 120 },
    { name: "fast", score: 50, time: 30 },
  ];
  assert.deepEqual(rankPlayers(players), [
    { rank: 1, name: "fast", score: 50, time: 30 },
    { rank: 2, name: "slow", score: 50, time: 120 },
  ]);
});

test("names are compared by character code", () => {
  const players = [
    { name: "adam", score: 5, time: 5 },
    { name: "Zoe", score: 5, time: 5 },
    { name: "Bob", score: 5, time: 5 },
  ];
  assert.deepEqual(
    rankPlayers(players).map((p) => [p.rank, p.name]),
    [[1, "Bob"], [1, "Zoe"], [1, "adam"]],
  );
});

test("several tie groups", () => {
  const players = [
    { name: "e", score: 1, time: 1 },
    { name: "d", score: 2, time: 1 },
    { name: "c", score: 2, time: 1 },
    { name: "b", score: 3, time: 1 },
    { name: "a", score: 3, time: 1 },
    { name: "f", score: 1, time: 1 },
  ];
  assert.deepEqual(
    rankPlayers(players).map((p) => `${p.rank}${p.name}`),
    ["1a", "1b", "3c", "3d", "5e", "5f"],
  );
});

test("the input is not modified", () => {
  const players = [
    { name: "b", score: 1, time: 3 },
    { name: "a", score: 2, time: 3 },
  ];
  const copy = structuredClone(players);
  const result = rankPlayers(players);
  assert.deepEqual(players, copy);
  assert.notEqual(result[0], players[1], "return new objects, not the input objects");
});
