const test = require("node:test");
const assert = require("node:assert/strict");
const { titleCase } = require("./main.js");

test("minor words stay lower case inside the headline", () => {
  assert.equal(titleCase("the lord of the rings"), "The Lord of the Rings");
});

test("extra spaces and shouting are cleaned up", () => {
  assert.equal(titleCase("  WAR   AND peace "), "War and Peace");
});

test("a minor word at the end is capitalised", () => {
  assert.equal(titleCase("what are you looking at"), "What Are You Looking At");
});
