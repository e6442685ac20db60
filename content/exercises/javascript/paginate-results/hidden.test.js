const test = require("node:test");
const assert = require("node:assert/strict");
const { paginate } = require("./main.js");

test("an empty list fills no pages", () => {
  assert.deepEqual(paginate([], 10, 1), {
    items: [], page: 1, totalPages: 0, hasPrevious: false, hasNext: false,
  });
});

test("a middle page has both neighbours", () => {
  assert.deepEqual(paginate([1, 2, 3, 4, 5, 6, 7], 3, 2), {
    items: [4, 5, 6], page: 2, totalPages: 3, hasPrevious: true, hasNext: true,
  });
});

test("a list that fills its pages exactly", () => {
  assert.deepEqual(paginate([1, 2, 3, 4, 5, 6], 3, 2), {
    items: [4, 5, 6], page: 2, totalPages: 2, hasPrevious: true, hasNext: false,
  });
});

test("a page after the last one is empty", () => {
  assert.deepEqual(paginate([1, 2, 3], 2, 5), {
    items: [], page: 5, totalPages: 2, hasPrevious: true, hasNext: false,
  });
});

test("a page bigger than the list holds everything", () => {
  assert.deepEqual(paginate(["x", "y"], 50, 1), {
    items: ["x", "y"], page: 1, totalPages: 1, hasPrevious: false, hasNext: false,
  });
});

test("page size 1 gives one item per page", () => {
  assert.deepEqual(paginate(["p", "q", "r"], 1, 2), {
    items: ["q"], page: 2, totalPages: 3, hasPrevious: true, hasNext: true,
  });
});

test("the given list is not changed", () => {
  const items = [1, 2, 3, 4, 5];
  const result = paginate(items, 2, 1);
  result.items.push(99);
  assert.deepEqual(items, [1, 2, 3, 4, 5]);
});

test("a long list", () => {
  const items = Array.from({ length: 10000 }, (_, i) => i);
  assert.deepEqual(paginate(items, 25, 400), {
    items: items.slice(9975), page: 400, totalPages: 400, hasPrevious: true, hasNext: false,
  });
});
