const test = require("node:test");
const assert = require("node:assert/strict");
const { folderSize } = require("./main.js");

test("an empty folder has size 0", () => {
  assert.equal(folderSize({ name: "empty", children: [] }), 0);
});

test("a folder of empty folders has size 0", () => {
  const tree = {
    name: "a",
    children: [{ name: "b", children: [{ name: "c", children: [] }] }, { name: "d", children: [] }],
  };
  assert.equal(folderSize(tree), 0);
});

test("files of size 0 count as nothing", () => {
  const tree = { name: "logs", children: [{ name: "a.log", size: 0 }, { name: "b.log", size: 7 }] };
  assert.equal(folderSize(tree), 7);
});

test("files at every level are counted", () => {
  const tree = {
    name: "root",
    children: [
      { name: "top.txt", size: 1 },
      {
        name: "level1",
        children: [
          { name: "mid.txt", size: 10 },
          { name: "level2", children: [{ name: "deep.txt", size: 100 }, { name: "deeper.txt", size: 1000 }] },
        ],
      },
      { name: "last.txt", size: 10000 },
    ],
  };
  assert.equal(folderSize(tree), 11111);
});

test("a deeply nested file is found", () => {
  let tree = { name: "bottom.bin", size: 5 };
  for (let i = 0; i < 200; i++) {
    tree = { name: `level${i}`, children: [tree, { name: `f${i}`, size: 1 }] };
  }
  assert.equal(folderSize(tree), 205);
});

test("the tree is not changed", () => {
  const tree = { name: "docs", children: [{ name: "a", size: 2 }, { name: "sub", children: [{ name: "b", size: 3 }] }] };
  const copy = structuredClone(tree);
  folderSize(tree);
  assert.deepEqual(tree, copy);
});
