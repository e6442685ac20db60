const test = require("node:test");
const assert = require("node:assert/strict");
const { pizzaOrder } = require("./main.js");

test("five guests eating three slices need two pizzas", () => {
  assert.deepEqual(pizzaOrder(5, 3, 8), { pizzas: 2, leftover: 1 });
});

test("an exact fit leaves nothing over", () => {
  assert.deepEqual(pizzaOrder(4, 2, 8), { pizzas: 1, leftover: 0 });
});
