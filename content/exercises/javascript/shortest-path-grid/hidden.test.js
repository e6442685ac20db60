const test = require("node:test");
const assert = require("node:assert/strict");
const { shortestPath } = require("./main.js");

const SIZE = 1_000;

test("the end can be before the start", () => {
  assert.equal(shortestPath(["E...S"]), 4);
});

test("a single column", () => {
  assert.equal(shortestPath(["S", ".", ".", "E"]), 3);
});

test("the route goes around a wall", () => {
  assert.equal(shortestPath(["S#E", ".#.", "..."]), 6);
});

test("no diagonal steps", () => {
  assert.equal(shortestPath(["S#", "#E"]), -1);
  assert.equal(shortestPath(["S.", ".E"]), 2);
});

test("stepping off the end of a row does not lead to the next row", () => {
  assert.equal(shortestPath(["..S", "E##"]), 3);
  assert.equal(shortestPath(["#S", "E#"]), -1);
  assert.equal(shortestPath(["E#", "#S"]), -1);
});

test("an end walled in on all sides cannot be reached", () => {
  const warehouse = [
    ".....",
    "..#..",
    ".#E#.",
    "..#..",
    "S....",
  ];
  assert.equal(shortestPath(warehouse), -1);
});

test("the shortest of several routes is chosen", () => {
  const warehouse = [
    "S.........",
    ".########.",
    ".#E.......",
    ".#.####.#.",
    "..........",
  ];
  assert.equal(shortestPath(warehouse), 8);
});

test("the map is not changed", () => {
  const warehouse = ["S..", ".#.", "..E"];
  shortestPath(warehouse);
  assert.deepEqual(warehouse, ["S..", ".#.", "..E"]);
});

test("a large empty floor from corner to corner", () => {
  const rows = [];
  for (let r = 0; r < SIZE; r++) {
    let row = ".".repeat(SIZE);
    if (r === 0) row = "S" + row.slice(1);
    if (r === SIZE - 1) row = row.slice(0, -1) + "E";
    rows.push(row);
  }
  assert.equal(shortestPath(rows), 2 * (SIZE - 1));
});

test("a large zigzag corridor half a million steps long", () => {
  // 999 rows: free rows alternate with shelf rows that have one gap, at the right end and
  // then at the left end, so the only route sweeps every free row from end to end.
  const rows = [];
  const height = SIZE - 1;
  for (let r = 0; r < height; r++) {
    if (r % 2 === 0) {
      rows.push(".".repeat(SIZE));
    } else if (r % 4 === 1) {
      rows.push("#".repeat(SIZE - 1) + ".");
    } else {
      rows.push("." + "#".repeat(SIZE - 1));
    }
  }
  rows[0] = "S" + rows[0].slice(1);
  rows[height - 1] = "E" + rows[height - 1].slice(1);
  // 500 free rows crossed end to end, plus 2 steps through each of the 499 gaps.
  assert.equal(shortestPath(rows), 500 * (SIZE - 1) + 499 * 2);
});

test("a large floor whose end is sealed off", () => {
  const rows = [];
  for (let r = 0; r < SIZE; r++) {
    rows.push(".".repeat(SIZE));
  }
  rows[0] = "S" + rows[0].slice(1);
  rows[SIZE - 2] = ".".repeat(SIZE - 1) + "#";
  rows[SIZE - 1] = ".".repeat(SIZE - 2) + "#E";
  assert.equal(shortestPath(rows), -1);
});
