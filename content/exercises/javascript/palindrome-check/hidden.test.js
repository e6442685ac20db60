const test = require("node:test");
const assert = require("node:assert/strict");
const { isPalindrome } = require("./main.js");

test("an empty text is a palindrome", () => {
  assert.equal(isPalindrome(""), true);
});

test("a text without letters or digits is a palindrome", () => {
  assert.equal(isPalindrome("?!"), true);
  assert.equal(isPalindrome(" .,- "), true);
});

test("a single character is a palindrome", () => {
  assert.equal(isPalindrome("x"), true);
  assert.equal(isPalindrome("7"), true);
});

test("two characters", () => {
  assert.equal(isPalindrome("aa"), true);
  assert.equal(isPalindrome("ab"), false);
});

test("upper and lower case are the same letter", () => {
  assert.equal(isPalindrome("Aa"), true);
  assert.equal(isPalindrome("RaceCar"), true);
});

test("a difference in the middle is found", () => {
  assert.equal(isPalindrome("abcdba"), false);
  assert.equal(isPalindrome("abcxcba"), true);
});

test("digits count", () => {
  assert.equal(isPalindrome("12321"), true);
  assert.equal(isPalindrome("123"), false);
  assert.equal(isPalindrome("0P"), false);
  assert.equal(isPalindrome("1a1"), true);
});

test("sentences with punctuation", () => {
  assert.equal(isPalindrome("No 'x' in Nixon"), true);
  assert.equal(isPalindrome("Was it a car or a cat I saw?"), true);
  assert.equal(isPalindrome("Was it a car or a dog I saw?"), false);
});

test("letters of other alphabets count", () => {
  assert.equal(isPalindrome("А роза упала на лапу Азора"), true);
  assert.equal(isPalindrome("Привет"), false);
});

test("a letter with an accent is a different letter", () => {
  assert.equal(isPalindrome("Été"), true);
  assert.equal(isPalindrome("ée"), false);
});

test("characters outside the basic range are whole characters", () => {
  assert.equal(isPalindrome("𠀋一𠀋"), true);
  assert.equal(isPalindrome("𠀋𠀌"), false);
});

test("emoji are ignored", () => {
  assert.equal(isPalindrome("🙂 wow 🙂"), true);
  assert.equal(isPalindrome("🙂a🙃"), true);
});

test("a text of 1 000 characters", () => {
  const half = "abcdefghij".repeat(50);
  const mirrored = half + [...half].reverse().join("");
  assert.equal(isPalindrome(mirrored), true);
  assert.equal(isPalindrome(half + "x" + [...half].reverse().join("").slice(1)), false);
});
