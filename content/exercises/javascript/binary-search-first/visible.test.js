const test = require("node:test");
const assert = require("node:assert/strict");
const { firstIndexOf } = require("./main.js");

const LOG = [3, 5, 5, 5, 8, 13, 13];

test("finds the first of several equal entries", () => {
  assert.equal(firstIndexOf(LOG, 5), 1);
  assert.equal(firstIndexOf(LOG, 13), 5);
});

test("finds a value that occurs once", () => {
  assert.equal(firstIndexOf(LOG, 3), 0);
  assert.equal(firstIndexOf(LOG, 8), 4);
});

test("a missing value gives -1", () => {
  assert.equal(firstIndexOf(LOG, 4), -1);
  assert.equal(firstIndexOf(LOG, 21), -1);
});
