const test = require("node:test");
const assert = require("node:assert/strict");
const { wordCount } = require("./main.js");

test("empty text", () => {
  assert.deepEqual(wordCount(""), new Map());
});

test("tabs and line breaks separate words", () => {
  assert.deepEqual(wordCount("a\tb\nA"), new Map([["a", 2], ["b", 1]]));
});

test("apostrophes inside words stay", () => {
  assert.deepEqual(wordCount("Don't stop, don't!"), new Map([["don't", 2], ["stop", 1]]));
});

test("punctuation-only tokens are not words", () => {
  assert.deepEqual(wordCount("wait -- what ?!"), new Map([["wait", 1], ["what", 1]]));
});

test("order of first appearance is kept", () => {
  assert.deepEqual([...wordCount("b a b c a").keys()], ["b", "a", "c"]);
});
