const test = require("node:test");
const assert = require("node:assert/strict");
const { groupBy } = require("./main.js");

test("a single item makes a single group", () => {
  assert.deepEqual(groupBy([{ city: "Lyon" }], "city"), new Map([["Lyon", [{ city: "Lyon" }]]]));
});

test("the number 1 and the string 1 are different groups", () => {
  const result = groupBy([1, "1", 1, "1"], (x) => x);
  assert.deepEqual(result, new Map([[1, [1, 1]], ["1", ["1", "1"]]]));
});

test("groups keep the order of their first item", () => {
  const result = groupBy([30, 2, 10, 3, 21, 1], (n) => n % 10);
  assert.deepEqual([...result.keys()], [0, 2, 3, 1]);
  assert.deepEqual(result, new Map([[0, [30, 10]], [2, [2]], [3, [3]], [1, [21, 1]]]));
});

test("object keys are told apart by identity", () => {
  const paris = { name: "Paris" };
  const alsoParis = { name: "Paris" };
  const people = [
    { who: "Ana", city: paris },
    { who: "Bo", city: alsoParis },
    { who: "Cy", city: paris },
  ];
  const result = groupBy(people, "city");
  assert.equal(result.size, 2);
  assert.deepEqual(result.get(paris), [people[0], people[2]]);
  assert.deepEqual(result.get(alsoParis), [people[1]]);
});

test("the groups hold the very same items", () => {
  const a = { kind: "x" };
  const b = { kind: "x" };
  const group = groupBy([a, b], "kind").get("x");
  assert.equal(group[0], a);
  assert.equal(group[1], b);
});

test("items without the property go into the undefined group", () => {
  const items = [{ tag: "red" }, {}, { tag: "red" }, { other: 1 }];
  assert.deepEqual(
    groupBy(items, "tag"),
    new Map([["red", [{ tag: "red" }, { tag: "red" }]], [undefined, [{}, { other: 1 }]]]),
  );
});

test("a property name works on strings too", () => {
  assert.deepEqual(
    groupBy(["kiwi", "apple", "pear", "mango"], "length"),
    new Map([[4, ["kiwi", "pear"]], [5, ["apple", "mango"]]]),
  );
});

test("unicode keys", () => {
  assert.deepEqual(
    groupBy(["été", "Über", "ennui", "über"], (w) => w[0].toLowerCase()),
    new Map([["é", ["été"]], ["ü", ["Über", "über"]], ["e", ["ennui"]]]),
  );
});

test("the key function runs once per item in order", () => {
  const calls = [];
  groupBy(["x", "y", "z"], (item, index) => {
    calls.push([item, index]);
    return "all";
  });
  assert.deepEqual(calls, [["x", 0], ["y", 1], ["z", 2]]);
});

test("an invalid key throws a TypeError", () => {
  for (const bad of [42, null, undefined, ["status"], { name: "status" }]) {
    assert.throws(() => groupBy([{ status: "paid" }], bad), TypeError, `key ${String(bad)}`);
    assert.throws(() => groupBy([], bad), TypeError, `key ${String(bad)} with no items`);
  }
});

test("the items are not changed", () => {
  const items = [3, 1, 2];
  groupBy(items, (n) => n > 1);
  assert.deepEqual(items, [3, 1, 2]);
});
