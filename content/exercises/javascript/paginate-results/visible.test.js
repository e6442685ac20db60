const test = require("node:test");
const assert = require("node:assert/strict");
const { paginate } = require("./main.js");

test("the first page holds the first items", () => {
  assert.deepEqual(paginate(["a", "b", "c", "d", "e"], 2, 1), {
    items: ["a", "b"], page: 1, totalPages: 3, hasPrevious: false, hasNext: true,
  });
});

test("the last page may hold fewer items", () => {
  assert.deepEqual(paginate(["a", "b", "c", "d", "e"], 2, 3), {
    items: ["e"], page: 3, totalPages: 3, hasPrevious: true, hasNext: false,
  });
});
