const test = require("node:test");
const assert = require("node:assert/strict");
const { flattenDeep } = require("./main.js");

test("an empty list", () => {
  assert.deepEqual(flattenDeep([]), []);
});

test("empty arrays inside contribute nothing", () => {
  assert.deepEqual(flattenDeep([1, [], [[]], [[], [2]]]), [1, 2]);
});

test("null and undefined are kept", () => {
  assert.deepEqual(flattenDeep([null, [undefined, [0, false, ""]]]), [null, undefined, 0, false, ""]);
});

test("strings are not split into characters", () => {
  assert.deepEqual(flattenDeep(["ab", ["cd", ["é🎵"]]]), ["ab", "cd", "é🎵"]);
});

test("other objects are kept as the very same values", () => {
  const song = { title: "Blue" };
  const tags = new Set(["a", "b"]);
  const likeAnArray = { 0: "x", length: 1 };
  const result = flattenDeep([song, [tags, [likeAnArray]]]);
  assert.equal(result.length, 3);
  assert.equal(result[0], song);
  assert.equal(result[1], tags);
  assert.equal(result[2], likeAnArray);
});

test("depth zero gives a copy of the list", () => {
  const list = [1, [2, [3]]];
  const copy = flattenDeep(list, 0);
  assert.deepEqual(copy, [1, [2, [3]]]);
  assert.notEqual(copy, list);
  assert.equal(copy[1], list[1]);
});

test("depth two keeps the deeper arrays as they are", () => {
  const deepest = [4, [5]];
  const result = flattenDeep([1, [2, [3, deepest]]], 2);
  assert.deepEqual(result, [1, 2, 3, [4, [5]]]);
  assert.equal(result[3], deepest);
});

test("depth Infinity given explicitly flattens everything", () => {
  assert.deepEqual(flattenDeep([[1, [2, [3]]]], Infinity), [1, 2, 3]);
});

test("a depth larger than the nesting is fine", () => {
  assert.deepEqual(flattenDeep([1, [2]], 50), [1, 2]);
});

test("an invalid depth throws a RangeError", () => {
  for (const bad of [-1, 1.5, NaN, -Infinity, "2"]) {
    assert.throws(() => flattenDeep([1, [2]], bad), RangeError, `depth ${String(bad)}`);
  }
});

test("a shared array is spread every time it appears", () => {
  const shared = ["a", "b"];
  assert.deepEqual(flattenDeep([shared, [shared, [shared]], shared]), ["a", "b", "a", "b", "a", "b", "a", "b"]);
});

test("an array inside itself through another array throws a TypeError", () => {
  const outer = [1, [2]];
  outer[1].push(outer);
  assert.throws(() => flattenDeep(outer), TypeError);
});

test("the list itself inside the list throws a TypeError at depth one", () => {
  const loop = [1];
  loop.push(loop);
  assert.throws(() => flattenDeep(loop, 1), TypeError);
});

test("a cycle below the list throws a TypeError", () => {
  const inner = ["x"];
  inner.push([inner]);
  assert.throws(() => flattenDeep([0, inner]), TypeError);
});

test("a cycle that the depth does not reach is no error", () => {
  const loop = [1];
  loop.push(loop);
  const zero = flattenDeep(loop, 0);
  assert.equal(zero.length, 2);
  assert.equal(zero[0], 1);
  assert.equal(zero[1], loop);

  const outer = [1, [2]];
  outer[1].push(outer);
  const one = flattenDeep(outer, 1);
  assert.equal(one.length, 3);
  assert.deepEqual(one.slice(0, 2), [1, 2]);
  assert.equal(one[2], outer);
});

test("the list is not changed", () => {
  const list = [1, [2, [3]], []];
  flattenDeep(list);
  assert.deepEqual(list, [1, [2, [3]], []]);
});

test("nesting a thousand levels deep", () => {
  // [0, [1, [2, ... [999] ...]]]
  let nested = [999];
  for (let i = 998; i >= 0; i--) {
    nested = [i, nested];
  }
  assert.deepEqual(flattenDeep(nested), Array.from({ length: 1000 }, (_, i) => i));
});

test("a long list of small arrays", () => {
  const list = Array.from({ length: 100_000 }, (_, i) => [i, [i]]);
  const expected = [];
  for (let i = 0; i < 100_000; i++) {
    expected.push(i, i);
  }
  assert.deepEqual(flattenDeep(list), expected);
});
