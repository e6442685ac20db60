const test = require("node:test");
const assert = require("node:assert/strict");
const { contactIndex } = require("./main.js");

test("names are grouped by their upper-case first letter", () => {
  assert.deepEqual(contactIndex(["bob", "Alice", "  anna ", "112 Emergency", "Bea"]), {
    B: ["bob", "Bea"],
    A: ["Alice", "anna"],
    "#": ["112 Emergency"],
  });
});

test("only blank names give an empty index", () => {
  assert.deepEqual(contactIndex(["", "   "]), {});
});
