const test = require("node:test");
const assert = require("node:assert/strict");
const { wrapText } = require("./main.js");

test("empty text has no lines", () => {
  assert.deepEqual(wrapText("", 10), []);
});

test("blank text has no lines", () => {
  assert.deepEqual(wrapText(" \n\t ", 5), []);
});

test("a line may be exactly as long as the width", () => {
  assert.deepEqual(wrapText("abc def ghi", 7), ["abc def", "ghi"]);
});

test("one character too many starts a new line", () => {
  assert.deepEqual(wrapText("abc defg", 7), ["abc", "defg"]);
});

test("extra whitespace and line breaks are collapsed", () => {
  assert.deepEqual(wrapText("  one\n\ntwo   three\tfour  ", 9), ["one two", "three", "four"]);
});

test("width 1 puts every word on its own line", () => {
  assert.deepEqual(wrapText("a bb c", 1), ["a", "bb", "c"]);
});

test("a long word in the middle of a line", () => {
  assert.deepEqual(wrapText("to be extraordinary or not", 6), [
    "to be", "extraordinary", "or not",
  ]);
});

test("text that fits on one line", () => {
  assert.deepEqual(wrapText("short text", 80), ["short text"]);
});

test("accented words are measured by their length", () => {
  assert.deepEqual(wrapText("café déjà vu été", 9), ["café déjà", "vu été"]);
});
