const test = require("node:test");
const assert = require("node:assert/strict");
const { memoize } = require("./main.js");

test("runs the function once per argument", () => {
  let calls = 0;
  const square = memoize((n) => {
    calls += 1;
    return n * n;
  });
  assert.equal(square(4), 16);
  assert.equal(square(4), 16);
  assert.equal(calls, 1);
  assert.equal(square(5), 25);
  assert.equal(calls, 2);
});

test("clear forgets the stored results", () => {
  let calls = 0;
  const square = memoize((n) => {
    calls += 1;
    return n * n;
  });
  square(4);
  square.clear();
  assert.equal(square(4), 16);
  assert.equal(calls, 2);
});
