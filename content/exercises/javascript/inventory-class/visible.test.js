const test = require("node:test");
const assert = require("node:assert/strict");
const { Inventory, OutOfStockError } = require("./main.js");

test("adding and removing units", () => {
  const shop = new Inventory();
  assert.equal(shop.add("apple", 5), 5);
  assert.equal(shop.add("pear"), 1);
  assert.equal(shop.remove("apple", 2), 3);
  assert.equal(shop.count("apple"), 3);
  assert.equal(shop.total, 4);
  assert.deepEqual(shop.items(), [["apple", 3], ["pear", 1]]);
});

test("removing more than in stock throws an OutOfStockError", () => {
  const shop = new Inventory();
  shop.add("apple", 3);
  assert.throws(() => shop.remove("apple", 5), {
    name: "OutOfStockError",
    message: 'not enough "apple": requested 5, available 3',
  });
  assert.equal(shop.count("apple"), 3);
});

test("an order that cannot be served removes nothing", () => {
  const shop = new Inventory();
  shop.add("apple", 3);
  shop.add("pear", 1);
  assert.throws(() => shop.fulfil({ apple: 1, pear: 2 }), OutOfStockError);
  assert.deepEqual(shop.items(), [["apple", 3], ["pear", 1]]);
});

test("invalid arguments throw", () => {
  const shop = new Inventory();
  assert.throws(() => shop.add("apple", 0), RangeError);
  assert.throws(() => shop.add("", 1), TypeError);
});
