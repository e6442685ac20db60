const test = require("node:test");
const assert = require("node:assert/strict");
const { tagChanges } = require("./main.js");

test("tags are compared after cleaning", () => {
  assert.deepEqual(tagChanges(["beach", "Sunset", "dog"], ["sunset ", "Sea", "beach", "sea"]), {
    added: ["sea"],
    removed: ["dog"],
    kept: ["sunset", "beach"],
  });
});

test("a first tag on an untagged photo is added", () => {
  assert.deepEqual(tagChanges([], ["cat"]), { added: ["cat"], removed: [], kept: [] });
});
