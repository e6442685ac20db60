const test = require("node:test");
const assert = require("node:assert/strict");
const { Fibonacci } = require("./main.js");

test("the first ten numbers", () => {
  assert.deepEqual([...new Fibonacci(10)], [0n, 1n, 1n, 2n, 3n, 5n, 8n, 13n, 21n, 34n]);
});

test("an endless sequence stops when the loop breaks", () => {
  const seen = [];
  for (const n of new Fibonacci()) {
    if (n > 100n) break;
    seen.push(n);
  }
  assert.deepEqual(seen, [0n, 1n, 1n, 2n, 3n, 5n, 8n, 13n, 21n, 34n, 55n, 89n]);
});

test("the number at position 100 is exact", () => {
  assert.equal([...new Fibonacci(101)].at(-1), 354224848179261915075n);
});
