const test = require("node:test");
const assert = require("node:assert/strict");
const { titleCase } = require("./main.js");

test("empty text gives an empty headline", () => {
  assert.equal(titleCase(""), "");
});

test("blank text gives an empty headline", () => {
  assert.equal(titleCase(" \t\n "), "");
});

test("a single minor word is capitalised", () => {
  assert.equal(titleCase("the"), "The");
});

test("tabs and line breaks separate words", () => {
  assert.equal(titleCase("gone\twith\nthe wind"), "Gone With the Wind");
});

test("minor words are recognised in any case", () => {
  assert.equal(titleCase("PRIDE AND PREJUDICE OF THE YEAR"), "Pride and Prejudice of the Year");
});

test("words with punctuation are not minor words", () => {
  assert.equal(titleCase("bread and, the butter."), "Bread And, the Butter.");
});

test("accented letters change case too", () => {
  assert.equal(titleCase("éCOLE à la carte"), "École À La Carte");
});

test("words that merely contain a minor word are capitalised", () => {
  assert.equal(titleCase("theory of another band"), "Theory of Another Band");
});
