const test = require("node:test");
const assert = require("node:assert/strict");
const { isPalindrome } = require("./main.js");

test("a word that reads the same backwards", () => {
  assert.equal(isPalindrome("level"), true);
});

test("a word that does not", () => {
  assert.equal(isPalindrome("palindrome"), false);
});

test("spaces, punctuation and case are ignored", () => {
  assert.equal(isPalindrome("Never odd or even"), true);
  assert.equal(isPalindrome("A man, a plan, a canal: Panama!"), true);
});
