const test = require("node:test");
const assert = require("node:assert/strict");
const { wrapText } = require("./main.js");

test("words fill each line greedily", () => {
  assert.deepEqual(wrapText("The quick brown fox jumps over the lazy dog", 10), [
    "The quick", "brown fox", "jumps over", "the lazy", "dog",
  ]);
});

test("a word longer than the width gets its own line", () => {
  assert.deepEqual(wrapText("see https://example.com/a/long/path now", 8), [
    "see", "https://example.com/a/long/path", "now",
  ]);
});
