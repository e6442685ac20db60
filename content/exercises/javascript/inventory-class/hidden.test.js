const test = require("node:test");
const assert = require("node:assert/strict");
const { Inventory, OutOfStockError } = require("./main.js");

function stocked(entries) {
  const shop = new Inventory();
  for (const [item, units] of entries) {
    shop.add(item, units);
  }
  return shop;
}

test("a new inventory is empty", () => {
  const shop = new Inventory();
  assert.equal(shop.total, 0);
  assert.deepEqual(shop.items(), []);
  assert.equal(shop.count("apple"), 0);
});

test("the error class carries what was missing", () => {
  const err = new OutOfStockError("tea", 4, 1);
  assert.ok(err instanceof Error);
  assert.ok(err instanceof OutOfStockError);
  assert.equal(err.name, "OutOfStockError");
  assert.deepEqual([err.item, err.requested, err.available], ["tea", 4, 1]);
  assert.equal(err.message, 'not enough "tea": requested 4, available 1');
});

test("the thrown error has the item and both numbers", () => {
  const shop = stocked([["kiwi", 2]]);
  assert.throws(() => shop.remove("kiwi", 7), OutOfStockError);
  assert.throws(() => shop.remove("kiwi", 7), { item: "kiwi", requested: 7, available: 2 });
});

test("removing an item that was never added", () => {
  const shop = new Inventory();
  assert.throws(() => shop.remove("ghost"), {
    name: "OutOfStockError",
    message: 'not enough "ghost": requested 1, available 0',
  });
});

test("removing every unit is allowed and unlists the item", () => {
  const shop = stocked([["apple", 2], ["pear", 1]]);
  assert.equal(shop.remove("apple", 2), 0);
  assert.equal(shop.count("apple"), 0);
  assert.deepEqual(shop.items(), [["pear", 1]]);
  assert.equal(shop.total, 1);
});

test("remove takes one unit by default", () => {
  const shop = stocked([["pear", 3]]);
  assert.equal(shop.remove("pear"), 2);
});

test("adding more of an item adds up", () => {
  const shop = new Inventory();
  shop.add("rice", 2);
  assert.equal(shop.add("rice", 3), 5);
  assert.equal(shop.add("rice"), 6);
});

test("item names are exact", () => {
  const shop = stocked([["Apple", 1], ["apple", 2]]);
  assert.equal(shop.count("Apple"), 1);
  assert.equal(shop.count("apple"), 2);
  assert.deepEqual(shop.items(), [["Apple", 1], ["apple", 2]]);
});

test("items are sorted by name", () => {
  const shop = stocked([["pear", 1], ["banana", 2], ["Zucchini", 3], ["apple", 4]]);
  assert.deepEqual(shop.items(), [["Zucchini", 3], ["apple", 4], ["banana", 2], ["pear", 1]]);
});

test("changing the items array does not change the inventory", () => {
  const shop = stocked([["apple", 3]]);
  const list = shop.items();
  list[0][1] = 99;
  list.push(["pear", 5]);
  assert.deepEqual(shop.items(), [["apple", 3]]);
  assert.equal(shop.total, 3);
});

test("an invalid item throws a TypeError", () => {
  const shop = stocked([["apple", 3]]);
  for (const bad of ["", 42, null, undefined]) {
    assert.throws(() => shop.add(bad, 1), TypeError, `add(${String(bad)})`);
    assert.throws(() => shop.remove(bad, 1), TypeError, `remove(${String(bad)})`);
  }
  assert.deepEqual(shop.items(), [["apple", 3]]);
});

test("an invalid quantity throws a RangeError", () => {
  const shop = stocked([["apple", 3]]);
  for (const bad of [0, -2, 1.5, NaN, "3"]) {
    assert.throws(() => shop.add("apple", bad), RangeError, `add quantity ${String(bad)}`);
    assert.throws(() => shop.remove("apple", bad), RangeError, `remove quantity ${String(bad)}`);
  }
  assert.deepEqual(shop.items(), [["apple", 3]]);
});

test("the arguments are checked before the stock", () => {
  const shop = new Inventory();
  assert.throws(() => shop.remove("ghost", 0), RangeError);
  assert.throws(() => shop.remove("", 5), TypeError);
  assert.throws(() => shop.remove(7, -1), TypeError);
});

test("an order that can be served is removed completely", () => {
  const shop = stocked([["apple", 3], ["pear", 2], ["tea", 1]]);
  shop.fulfil({ apple: 3, pear: 1 });
  assert.deepEqual(shop.items(), [["pear", 1], ["tea", 1]]);
  assert.equal(shop.total, 2);
});

test("an empty order changes nothing", () => {
  const shop = stocked([["apple", 3]]);
  shop.fulfil({});
  assert.deepEqual(shop.items(), [["apple", 3]]);
});

test("a failed order reports its first missing line", () => {
  const shop = stocked([["apple", 3], ["pear", 1]]);
  assert.throws(() => shop.fulfil({ apple: 2, pear: 2, plum: 1 }), {
    name: "OutOfStockError",
    message: 'not enough "pear": requested 2, available 1',
  });
  assert.deepEqual(shop.items(), [["apple", 3], ["pear", 1]]);
});

test("an order with an invalid line removes nothing", () => {
  const shop = stocked([["apple", 3], ["pear", 1]]);
  assert.throws(() => shop.fulfil({ apple: 1, pear: 0 }), RangeError);
  assert.throws(() => shop.fulfil({ apple: 1, "": 1 }), TypeError);
  assert.deepEqual(shop.items(), [["apple", 3], ["pear", 1]]);
});

test("an invalid line wins over a missing one", () => {
  const shop = stocked([["apple", 3]]);
  assert.throws(() => shop.fulfil({ plum: 5, apple: 1.5 }), RangeError);
});

test("inventories do not share their stock", () => {
  const a = new Inventory();
  const b = new Inventory();
  a.add("apple", 2);
  b.add("pear", 5);
  assert.deepEqual(a.items(), [["apple", 2]]);
  assert.deepEqual(b.items(), [["pear", 5]]);
  assert.equal(a.total, 2);
  assert.equal(b.total, 5);
});
