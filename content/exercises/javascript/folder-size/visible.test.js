const test = require("node:test");
const assert = require("node:assert/strict");
const { folderSize } = require("./main.js");

test("adds up files in nested folders", () => {
  const photos = {
    name: "photos",
    children: [
      { name: "cat.jpg", size: 300 },
      { name: "2024", children: [{ name: "beach.jpg", size: 500 }, { name: "empty", children: [] }] },
    ],
  };
  assert.equal(folderSize(photos), 800);
});

test("a single file is its own size", () => {
  assert.equal(folderSize({ name: "notes.txt", size: 42 }), 42);
});
