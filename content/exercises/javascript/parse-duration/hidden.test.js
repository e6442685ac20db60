const test = require("node:test");
const assert = require("node:assert/strict");
const { parseDuration } = require("./main.js");

test("a large first part is allowed", () => {
  assert.equal(parseDuration("  90m "), 5400);
  assert.equal(parseDuration("75s"), 75);
});

test("a unit may be skipped", () => {
  assert.equal(parseDuration("2h 5s"), 7205);
});

test("all three units with extra whitespace", () => {
  assert.equal(parseDuration("\t1h  59m\n59s "), 7199);
});

test("zero durations and leading zeros", () => {
  assert.equal(parseDuration("0h 0m 0s"), 0);
  assert.equal(parseDuration("01h 05m"), 3900);
});

test("many hours", () => {
  assert.equal(parseDuration("100000h"), 360000000);
});

test("a number that is not a string is a TypeError", () => {
  assert.throws(() => parseDuration(90), {
    name: "TypeError",
    message: "duration must be a string",
  });
  assert.throws(() => parseDuration(undefined), {
    name: "TypeError",
    message: "duration must be a string",
  });
});

test("blank text is a SyntaxError", () => {
  for (const text of ["", "   ", "\n\t"]) {
    assert.throws(() => parseDuration(text), { name: "SyntaxError", message: "duration is empty" });
  }
});

test("malformed parts are SyntaxErrors naming the part", () => {
  for (const part of ["1.5h", "h", "1H", "10min", "-5s", "5", "m5"]) {
    assert.throws(() => parseDuration(`1h ${part}`), {
      name: "SyntaxError",
      message: `invalid part: "${part}"`,
    });
  }
});

test("a space between number and unit splits the part", () => {
  assert.throws(() => parseDuration("10 m"), {
    name: "SyntaxError",
    message: 'invalid part: "10"',
  });
});

test("a repeated unit is out of order", () => {
  assert.throws(() => parseDuration("1h 2h"), {
    name: "SyntaxError",
    message: 'unit out of order: "2h"',
  });
});

test("seconds of 60 after minutes are out of range", () => {
  assert.throws(() => parseDuration("1m 60s"), {
    name: "RangeError",
    message: 'out of range: "60s"',
  });
});

test("parts are checked from left to right", () => {
  // "90m" is out of range, but the malformed part after it is never reached
  assert.throws(() => parseDuration("1h 90m 2x"), {
    name: "RangeError",
    message: 'out of range: "90m"',
  });
  // the out-of-order "1m" comes before the malformed "xx"
  assert.throws(() => parseDuration("5s 1m xx"), {
    name: "SyntaxError",
    message: 'unit out of order: "1m"',
  });
});
