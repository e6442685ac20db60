const test = require("node:test");
const assert = require("node:assert/strict");
const { postage } = require("./main.js");

test("a light parcel costs 4.5", () => {
  assert.equal(postage(0.4), 4.5);
});

test("a parcel of exactly 5 kg costs 8", () => {
  assert.equal(postage(5), 8);
});

test("a heavy parcel costs 25", () => {
  assert.equal(postage(21.5), 25);
});
