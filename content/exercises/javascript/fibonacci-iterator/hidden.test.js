const test = require("node:test");
const assert = require("node:assert/strict");
const { Fibonacci } = require("./main.js");

/** The first `n` values of an iterable (which may be endless). */
function take(iterable, n) {
  const values = [];
  if (n === 0) return values;
  for (const value of iterable) {
    values.push(value);
    if (values.length === n) break;
  }
  return values;
}

test("a count of 0 gives no numbers", () => {
  assert.deepEqual([...new Fibonacci(0)], []);
});

test("counts of 1 and 2", () => {
  assert.deepEqual([...new Fibonacci(1)], [0n]);
  assert.deepEqual(Array.from(new Fibonacci(2)), [0n, 1n]);
});

test("every value is a BigInt", () => {
  assert.deepEqual([...new Fibonacci(5)].map((n) => typeof n), Array(5).fill("bigint"));
});

test("values beyond 2 to the 53rd are exact", () => {
  const values = [...new Fibonacci(81)];
  assert.equal(values[78], 8944394323791464n);
  assert.equal(values[79], 14472334024676221n);
  assert.equal(values[80], 23416728348467685n);
});

test("the number at position 1000 has all of its 209 digits right", () => {
  const values = [...new Fibonacci(1001)];
  assert.equal(values.length, 1001);
  assert.equal(
    values[1000],
    43466557686937456435688527675040625802564660517371780402481729089536555417949051890403879840079255169295922593080322634775209689623239873322471161642996440906533187938298969649928516003704476137795166849228875n,
  );
});

test("without a count and with Infinity the sequence is endless", () => {
  assert.deepEqual(take(new Fibonacci(), 12), [0n, 1n, 1n, 2n, 3n, 5n, 8n, 13n, 21n, 34n, 55n, 89n]);
  assert.deepEqual(take(new Fibonacci(Infinity), 3), [0n, 1n, 1n]);
  assert.equal(take(new Fibonacci(), 500).length, 500);
});

test("a huge count is lazy", () => {
  assert.deepEqual(take(new Fibonacci(1e9), 5), [0n, 1n, 1n, 2n, 3n]);
});

test("a sequence can be iterated again and again", () => {
  const fib = new Fibonacci(4);
  assert.deepEqual([...fib], [0n, 1n, 1n, 2n]);
  assert.deepEqual([...fib], [0n, 1n, 1n, 2n]);
  assert.deepEqual(take(new Fibonacci(), 3), take(new Fibonacci(), 3));
});

test("two iterators over one sequence are independent", () => {
  const fib = new Fibonacci();
  const a = fib[Symbol.iterator]();
  const b = fib[Symbol.iterator]();
  assert.deepEqual([a.next().value, a.next().value, a.next().value, a.next().value], [0n, 1n, 1n, 2n]);
  assert.deepEqual([b.next().value, b.next().value], [0n, 1n]);
  assert.equal(a.next().value, 3n);
});

test("next returns value and done, and stays done at the end", () => {
  const it = new Fibonacci(2)[Symbol.iterator]();
  assert.deepEqual(it.next(), { value: 0n, done: false });
  assert.deepEqual(it.next(), { value: 1n, done: false });
  assert.deepEqual(it.next(), { value: undefined, done: true });
  assert.deepEqual(it.next(), { value: undefined, done: true });
});

test("an iterator is iterable and continues where it stopped", () => {
  const it = new Fibonacci(6)[Symbol.iterator]();
  it.next();
  it.next();
  assert.deepEqual([...it], [1n, 2n, 3n, 5n]);
  assert.deepEqual([...it], []);
});

test("a count that is not a whole number from 0 up throws a RangeError", () => {
  assert.throws(() => new Fibonacci(-1), RangeError);
  assert.throws(() => new Fibonacci(2.5), RangeError);
  assert.throws(() => new Fibonacci(NaN), RangeError);
  assert.throws(() => new Fibonacci(-Infinity), RangeError);
});
