/**
 * Works out how many pizzas to order and how many slices are left over.
 * @param {number} guests - whole number, 0 to 10000
 * @param {number} slicesEach - whole number, 1 to 10
 * @param {number} slicesPerPizza - whole number, 1 to 16
 * @returns {{pizzas: number, leftover: number}}
 */
function pizzaOrder(guests, slicesEach, slicesPerPizza) {
  // Your code here.
  return { pizzas: 0, leftover: 0 };
}

module.exports = { pizzaOrder };
