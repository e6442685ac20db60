const test = require("node:test");
const assert = require("node:assert/strict");
const { arrayMax } = require("./main.js");

test("finds the highest reading of the day", () => {
  assert.equal(arrayMax([12.5, 14, 17.25, 16, 13]), 17.25);
});

test("works when every reading is below zero", () => {
  assert.equal(arrayMax([-8, -3, -11]), -3);
});

test("an empty array gives null", () => {
  assert.equal(arrayMax([]), null);
});
