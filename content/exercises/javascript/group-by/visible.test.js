const test = require("node:test");
const assert = require("node:assert/strict");
const { groupBy } = require("./main.js");

test("groups objects by a property name", () => {
  const orders = [
    { id: 1, status: "paid" },
    { id: 2, status: "open" },
    { id: 3, status: "paid" },
  ];
  assert.deepEqual(
    groupBy(orders, "status"),
    new Map([
      ["paid", [{ id: 1, status: "paid" }, { id: 3, status: "paid" }]],
      ["open", [{ id: 2, status: "open" }]],
    ]),
  );
});

test("groups by what a function returns", () => {
  assert.deepEqual(
    groupBy([1, 2, 3, 4, 5, 6], (n) => (n % 2 === 0 ? "even" : "odd")),
    new Map([["odd", [1, 3, 5]], ["even", [2, 4, 6]]]),
  );
});

test("the function also receives the index", () => {
  assert.deepEqual(
    groupBy(["a", "b", "c", "d", "e"], (letter, index) => Math.floor(index / 2)),
    new Map([[0, ["a", "b"]], [1, ["c", "d"]], [2, ["e"]]]),
  );
});

test("no items give an empty map", () => {
  assert.deepEqual(groupBy([], "status"), new Map());
});
