const test = require("node:test");
const assert = require("node:assert/strict");
const { missingTickets } = require("./main.js");

test("no stubs means every ticket is missing", () => {
  assert.deepEqual(missingTickets([], 3), [1, 2, 3]);
});

test("a raffle without tickets has nothing missing", () => {
  assert.deepEqual(missingTickets([], 0), []);
});

test("numbers that are not tickets are ignored", () => {
  assert.deepEqual(missingTickets([0, -2, 7, 100, 2], 4), [1, 3, 4]);
});

test("duplicated stubs do not hide other tickets", () => {
  assert.deepEqual(missingTickets([2, 2, 2, 2], 3), [1, 3]);
});

test("the first and last tickets can be missing", () => {
  assert.deepEqual(missingTickets([2, 3, 4], 5), [1, 5]);
});

test("a single ticket", () => {
  assert.deepEqual(missingTickets([1], 1), []);
});

test("a big raffle with one stub lost", () => {
  const stubs = [];
  for (let ticket = 100000; ticket >= 1; ticket--) {
    if (ticket !== 31337) {
      stubs.push(ticket);
    }
  }
  assert.deepEqual(missingTickets(stubs, 100000), [31337]);
});
