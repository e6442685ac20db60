const test = require("node:test");
const assert = require("node:assert/strict");
const { parseCsvLine } = require("./main.js");

test("quoted fields may hold commas and doubled quotes", () => {
  assert.deepEqual(parseCsvLine('42,"Smith, Jane","said ""hi""",'), [
    "42", "Smith, Jane", 'said "hi"', "",
  ]);
});

test("empty fields between commas", () => {
  assert.deepEqual(parseCsvLine("a,,b"), ["a", "", "b"]);
});

test("an unclosed quote is a SyntaxError", () => {
  assert.throws(() => parseCsvLine('x,"open'), {
    name: "SyntaxError",
    message: "unterminated quoted field starting at position 2",
  });
});
