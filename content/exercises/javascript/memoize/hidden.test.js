const test = require("node:test");
const assert = require("node:assert/strict");
const { memoize } = require("./main.js");

function counted(fn) {
  const wrapper = (...args) => {
    wrapper.calls += 1;
    return fn(...args);
  };
  wrapper.calls = 0;
  return wrapper;
}

test("several arguments form one key", () => {
  const add = counted((a, b, c) => a + b + c);
  const memo = memoize(add);
  assert.equal(memo(1, 2, 3), 6);
  assert.equal(memo(1, 2, 3), 6);
  assert.equal(memo(3, 2, 1), 6);
  assert.equal(add.calls, 2);
});

test("a number and a string are different arguments", () => {
  const describe = counted((x) => typeof x);
  const memo = memoize(describe);
  assert.equal(memo(1), "number");
  assert.equal(memo("1"), "string");
  assert.equal(memo(true), "boolean");
  assert.equal(memo("true"), "string");
  assert.equal(describe.calls, 4);
});

test("null and undefined are different arguments", () => {
  const memo = memoize((x) => x === null);
  assert.equal(memo(null), true);
  assert.equal(memo(undefined), false);
});

test("one string with a comma is not two arguments", () => {
  const count = memoize((...args) => args.length);
  assert.equal(count("a,b"), 1);
  assert.equal(count("a", "b"), 2);
  assert.equal(count("a|b"), 1);
  assert.equal(count(""), 1);
  assert.equal(count(), 0);
});

test("a different number of arguments is a different call", () => {
  const count = memoize((...args) => args.length);
  assert.equal(count(1), 1);
  assert.equal(count(1, undefined), 2);
});

test("falsy results are stored too", () => {
  for (const value of [undefined, null, 0, false, ""]) {
    const fn = counted(() => value);
    const memo = memoize(fn);
    assert.equal(memo("k"), value);
    assert.equal(memo("k"), value);
    assert.equal(fn.calls, 1, `result ${JSON.stringify(value)} should be stored`);
  }
});

test("a call that throws stores nothing", () => {
  let attempts = 0;
  const flaky = memoize((x) => {
    attempts += 1;
    if (attempts === 1) throw new Error("network down");
    return x * 2;
  });
  assert.throws(() => flaky(21), { message: "network down" });
  assert.equal(flaky(21), 42);
  assert.equal(flaky(21), 42);
  assert.equal(attempts, 2);
});

test("memoized functions do not share a store", () => {
  const double = memoize((x) => x * 2);
  const triple = memoize((x) => x * 3);
  assert.equal(double(5), 10);
  assert.equal(triple(5), 15);
});

test("a recursive function computes each case once", () => {
  let calls = 0;
  const fib = memoize((n) => {
    calls += 1;
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  });
  assert.equal(fib(30), 832040);
  assert.equal(calls, 31);
  assert.equal(fib(70), 190392490709135);
});
