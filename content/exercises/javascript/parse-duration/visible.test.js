const test = require("node:test");
const assert = require("node:assert/strict");
const { parseDuration } = require("./main.js");

test("hours and minutes", () => {
  assert.equal(parseDuration("1h 30m"), 5400);
});

test("minutes above 60 after hours are out of range", () => {
  assert.throws(() => parseDuration("1h 90m"), {
    name: "RangeError",
    message: 'out of range: "90m"',
  });
});

test("units in the wrong order are a SyntaxError", () => {
  assert.throws(() => parseDuration("5s 1m"), {
    name: "SyntaxError",
    message: 'unit out of order: "1m"',
  });
});
