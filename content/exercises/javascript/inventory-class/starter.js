/**
 * Thrown when a removal asks for more units than are in stock.
 * `new OutOfStockError(item, requested, available)`: has `item`, `requested` and `available`,
 * `name` "OutOfStockError" and the message `not enough "<item>": requested <r>, available <a>`.
 */
class OutOfStockError extends Error {
  // Your code here.
}

/**
 * Units in stock per item.
 */
class Inventory {
  constructor() {
    // Your code here.
  }

  /**
   * @param {string} item non-empty
   * @param {number} [quantity=1] whole number, at least 1
   * @returns {number} the new number of units of `item`
   */
  add(item, quantity = 1) {
    // Your code here.
    return 0;
  }

  /**
   * @param {string} item non-empty
   * @param {number} [quantity=1] whole number, at least 1
   * @returns {number} the new number of units of `item`
   */
  remove(item, quantity = 1) {
    // Your code here.
    return 0;
  }

  /**
   * Removes every line of `order`, all or nothing.
   * @param {Object<string, number>} order item -> quantity
   */
  fulfil(order) {
    // Your code here.
  }

  /**
   * @param {string} item
   * @returns {number} units in stock, 0 for an unknown item
   */
  count(item) {
    // Your code here.
    return 0;
  }

  /** @returns {number} the units of all items together */
  get total() {
    // Your code here.
    return 0;
  }

  /** @returns {Array<[string, number]>} items in stock with their counts, sorted by name */
  items() {
    // Your code here.
    return [];
  }
}

module.exports = { Inventory, OutOfStockError };
