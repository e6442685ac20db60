const test = require("node:test");
const assert = require("node:assert/strict");
const { missingTickets } = require("./main.js");

test("finds the tickets that did not come back", () => {
  assert.deepEqual(missingTickets([3, 1, 5, 3], 6), [2, 4, 6]);
});

test("nothing is missing when every stub is back", () => {
  assert.deepEqual(missingTickets([2, 1, 3], 3), []);
});
