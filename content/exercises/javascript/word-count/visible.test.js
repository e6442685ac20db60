const test = require("node:test");
const assert = require("node:assert/strict");
const { wordCount } = require("./main.js");

test("counts repeated words ignoring case", () => {
  assert.deepEqual(
    wordCount("The cat saw the dog."),
    new Map([["the", 2], ["cat", 1], ["saw", 1], ["dog", 1]]),
  );
});

test("blank text has no words", () => {
  assert.deepEqual(wordCount("  "), new Map());
});
