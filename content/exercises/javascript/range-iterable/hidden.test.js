const test = require("node:test");
const assert = require("node:assert/strict");
const { Range } = require("./main.js");

test("empty ranges", () => {
  assert.deepEqual([...new Range(3, 3)], []);
  assert.deepEqual([...new Range(5, 1)], []);
  assert.deepEqual([...new Range(1, 5, -1)], []);
  assert.equal(new Range(5, 1).size, 0);
  assert.equal(new Range(1, 5, -1).size, 0);
  assert.equal(new Range(3, 3).includes(3), false);
});

test("negative numbers and a step that does not divide the distance", () => {
  const r = new Range(-3, 4, 3);
  assert.deepEqual(Array.from(r), [-3, 0, 3]);
  assert.equal(r.size, 3);
});

test("counting down with size and includes", () => {
  const r = new Range(10, -10, -4);
  assert.deepEqual([...r], [10, 6, 2, -2, -6]);
  assert.equal(r.size, 5);
  assert.equal(r.includes(-6), true);
  assert.equal(r.includes(-10), false);
  assert.equal(r.includes(4), false);
  assert.equal(r.includes(14), false);
});

test("includes is false for values off the step, outside the range or not integers", () => {
  const r = new Range(1, 10, 3);
  assert.equal(r.includes(1), true);
  assert.equal(r.includes(2), false);
  assert.equal(r.includes(-2), false);
  assert.equal(r.includes(13), false);
  assert.equal(new Range(0, 5).includes(2.5), false);
});

test("a range can be iterated again and again", () => {
  const r = new Range(0, 3);
  const seen = [];
  for (const x of r) seen.push(x);
  for (const x of r) seen.push(x);
  assert.deepEqual(seen, [0, 1, 2, 0, 1, 2]);
});

test("two iterators over one range are independent", () => {
  const r = new Range(0, 3);
  const a = r[Symbol.iterator]();
  const b = r[Symbol.iterator]();
  assert.equal(a.next().value, 0);
  assert.equal(a.next().value, 1);
  assert.equal(b.next().value, 0);
  assert.equal(a.next().value, 2);
  assert.equal(a.next().done, true);
  assert.equal(b.next().value, 1);
});

test("huge ranges are lazy and fast", () => {
  const r = new Range(0, 1e12);
  const firstThree = [];
  for (const x of r) {
    if (firstThree.length === 3) break;
    firstThree.push(x);
  }
  assert.deepEqual(firstThree, [0, 1, 2]);
  assert.equal(r.size, 1e12);
  assert.equal(r.includes(999999999999), true);
  assert.equal(r.includes(1e12), false);
  assert.equal(new Range(1e12, 0, -7).size, 142857142858);
});

test("a step of 0 throws a RangeError", () => {
  assert.throws(() => new Range(0, 5, 0), RangeError);
});
