const test = require("node:test");
const assert = require("node:assert/strict");
const { Range } = require("./main.js");

test("counts up to end, end excluded", () => {
  assert.deepEqual([...new Range(0, 5)], [0, 1, 2, 3, 4]);
});

test("uses the step, also a negative one", () => {
  assert.deepEqual([...new Range(1, 10, 3)], [1, 4, 7]);
  assert.deepEqual([...new Range(5, 0, -2)], [5, 3, 1]);
});

test("size and includes", () => {
  const r = new Range(10, 20, 5);
  assert.equal(r.size, 2);
  assert.equal(r.includes(15), true);
  assert.equal(r.includes(20), false);
});
