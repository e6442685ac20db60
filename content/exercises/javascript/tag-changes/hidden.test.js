const test = require("node:test");
const assert = require("node:assert/strict");
const { tagChanges } = require("./main.js");

test("no tags before or after", () => {
  assert.deepEqual(tagChanges([], []), { added: [], removed: [], kept: [] });
});

test("removing every tag", () => {
  assert.deepEqual(tagChanges(["a", "b"], []), { added: [], removed: ["a", "b"], kept: [] });
});

test("blank tags are ignored", () => {
  assert.deepEqual(tagChanges(["", "  ", "tree"], ["\t", "tree", " "]), {
    added: [],
    removed: [],
    kept: ["tree"],
  });
});

test("repeated tags are reported once", () => {
  assert.deepEqual(tagChanges(["old", "OLD", " old"], ["new", "New", "NEW "]), {
    added: ["new"],
    removed: ["old"],
    kept: [],
  });
});

test("removed tags keep the order of the old list", () => {
  assert.deepEqual(tagChanges(["z", "y", "x", "keep"], ["keep"]), {
    added: [],
    removed: ["z", "y", "x"],
    kept: ["keep"],
  });
});

test("kept tags follow the order of the new list", () => {
  assert.deepEqual(tagChanges(["one", "two", "three"], ["three", "one", "two"]), {
    added: [],
    removed: [],
    kept: ["three", "one", "two"],
  });
});

test("accented tags are lower-cased too", () => {
  assert.deepEqual(tagChanges(["Café"], ["CAFÉ", "Über"]), {
    added: ["über"],
    removed: [],
    kept: ["café"],
  });
});

test("the given lists are not changed", () => {
  const before = [" A ", "b"];
  const after = ["B", "c"];
  tagChanges(before, after);
  assert.deepEqual(before, [" A ", "b"]);
  assert.deepEqual(after, ["B", "c"]);
});

test("long tag lists", () => {
  const before = Array.from({ length: 10000 }, (_, i) => `tag${i}`);
  const after = Array.from({ length: 10000 }, (_, i) => `TAG${i + 5000}`);
  const result = tagChanges(before, after);
  assert.deepEqual(result, {
    added: Array.from({ length: 5000 }, (_, i) => `tag${i + 10000}`),
    removed: Array.from({ length: 5000 }, (_, i) => `tag${i}`),
    kept: Array.from({ length: 5000 }, (_, i) => `tag${i + 5000}`),
  });
});
