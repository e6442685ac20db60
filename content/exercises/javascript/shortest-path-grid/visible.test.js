const test = require("node:test");
const assert = require("node:assert/strict");
const { shortestPath } = require("./main.js");

test("finds the shortest route around the shelves", () => {
  const warehouse = [
    "S.#.....",
    ".##.###.",
    "....#.E.",
    ".##...#.",
  ];
  assert.equal(shortestPath(warehouse), 10);
});

test("a shelf in the way of the only route gives -1", () => {
  assert.equal(shortestPath(["S#E"]), -1);
});

test("the end right next to the start is one step", () => {
  assert.equal(shortestPath(["SE"]), 1);
});
