const test = require("node:test");
const assert = require("node:assert/strict");
const { pipe } = require("./main.js");

test("with no functions the first argument comes back unchanged", () => {
  const nothing = pipe();
  assert.equal(nothing("same"), "same");
  assert.equal(nothing(7, 8), 7);
});

test("a single function is just called", () => {
  assert.equal(pipe((s) => s.toUpperCase())("abc"), "ABC");
});

test("order matters", () => {
  const add1 = (x) => x + 1;
  const double = (x) => x * 2;
  assert.equal(pipe(add1, double)(5), 12);
  assert.equal(pipe(double, add1)(5), 11);
});

test("later functions get exactly one argument", () => {
  const seen = [];
  const record = (...args) => {
    seen.push(args);
    return args.length;
  };
  pipe((a, b, c) => a + b + c, record)(1, 2, 3);
  assert.deepEqual(seen, [[6]]);
});

test("pipe does not call the functions itself", () => {
  let calls = 0;
  const count = (x) => {
    calls += 1;
    return x;
  };
  const piped = pipe(count, count);
  assert.equal(calls, 0);
  piped(1);
  assert.equal(calls, 2);
});

test("the piped function can be reused", () => {
  const steps = pipe((x) => x * 10, (x) => `${x} cents`);
  assert.equal(steps(3), "30 cents");
  assert.equal(steps(4), "40 cents");
});

test("many steps run in order", () => {
  const fns = Array.from({ length: 10 }, (_, i) => (s) => s + i);
  assert.equal(pipe(...fns)(""), "0123456789");
});
