const test = require("node:test");
const assert = require("node:assert/strict");
const { pizzaOrder } = require("./main.js");

test("no guests means no pizza", () => {
  assert.deepEqual(pizzaOrder(0, 3, 8), { pizzas: 0, leftover: 0 });
});

test("one guest eating one slice still needs a whole pizza", () => {
  assert.deepEqual(pizzaOrder(1, 1, 8), { pizzas: 1, leftover: 7 });
});

test("one slice more than a pizza needs a second pizza", () => {
  assert.deepEqual(pizzaOrder(3, 3, 8), { pizzas: 2, leftover: 7 });
});

test("pizzas cut into a single slice", () => {
  assert.deepEqual(pizzaOrder(7, 2, 1), { pizzas: 14, leftover: 0 });
});

test("a big party", () => {
  assert.deepEqual(pizzaOrder(10000, 3, 16), { pizzas: 1875, leftover: 0 });
});

test("a big party with slices left over", () => {
  assert.deepEqual(pizzaOrder(9999, 7, 12), { pizzas: 5833, leftover: 3 });
});
