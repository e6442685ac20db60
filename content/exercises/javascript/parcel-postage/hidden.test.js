const test = require("node:test");
const assert = require("node:assert/strict");
const { postage } = require("./main.js");

test("exactly 1 kg is still the cheapest price", () => {
  assert.equal(postage(1), 4.5);
});

test("just over 1 kg costs 8", () => {
  assert.equal(postage(1.01), 8);
});

test("just over 5 kg costs 15", () => {
  assert.equal(postage(5.01), 15);
});

test("exactly 20 kg costs 15", () => {
  assert.equal(postage(20), 15);
});

test("just over 20 kg costs 25", () => {
  assert.equal(postage(20.1), 25);
});

test("the heaviest allowed parcel costs 25", () => {
  assert.equal(postage(30), 25);
});

test("a very light parcel costs 4.5", () => {
  assert.equal(postage(0.05), 4.5);
});
