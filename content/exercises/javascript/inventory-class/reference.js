/**
 * Thrown when a removal asks for more units than are in stock.
 * `new OutOfStockError(item, requested, available)`: has `item`, `requested` and `available`,
 * `name` "OutOfStockError" and the message `not enough "<item>": requested <r>, available <a>`.
 */
class OutOfStockError extends Error {
  constructor(item, requested, available) {
    super(`not enough "${item}": requested ${requested}, available ${available}`);
    this.name = "OutOfStockError";
    this.item = item;
    this.requested = requested;
    this.available = available;
  }
}

function checkItem(item) {
  if (typeof item !== "string" || item === "") {
    throw new TypeError(`item must be a non-empty string, got ${String(item)}`);
  }
}

function checkQuantity(quantity) {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new RangeError(`quantity must be a whole number of at least 1, got ${String(quantity)}`);
  }
}

/**
 * Units in stock per item.
 */
class Inventory {
  #stock = new Map();

  /**
   * @param {string} item non-empty
   * @param {number} [quantity=1] whole number, at least 1
   * @returns {number} the new number of units of `item`
   */
  add(item, quantity = 1) {
    checkItem(item);
    checkQuantity(quantity);
    const now = this.count(item) + quantity;
    this.#stock.set(item, now);
    return now;
  }

  /**
   * @param {string} item non-empty
   * @param {number} [quantity=1] whole number, at least 1
   * @returns {number} the new number of units of `item`
   */
  remove(item, quantity = 1) {
    checkItem(item);
    checkQuantity(quantity);
    const available = this.count(item);
    if (available < quantity) {
      throw new OutOfStockError(item, quantity, available);
    }
    const now = available - quantity;
    if (now === 0) {
      this.#stock.delete(item);
    } else {
      this.#stock.set(item, now);
    }
    return now;
  }

  /**
   * Removes every line of `order`, all or nothing.
   * @param {Object<string, number>} order item -> quantity
   */
  fulfil(order) {
    const lines = Object.entries(order);
    for (const [item, quantity] of lines) {
      checkItem(item);
      checkQuantity(quantity);
    }
    // Every line is checked against the stock before the first one is removed.
    for (const [item, quantity] of lines) {
      const available = this.count(item);
      if (available < quantity) {
        throw new OutOfStockError(item, quantity, available);
      }
    }
    for (const [item, quantity] of lines) {
      this.remove(item, quantity);
    }
  }

  /**
   * @param {string} item
   * @returns {number} units in stock, 0 for an unknown item
   */
  count(item) {
    return this.#stock.get(item) ?? 0;
  }

  /** @returns {number} the units of all items together */
  get total() {
    let sum = 0;
    for (const units of this.#stock.values()) {
      sum += units;
    }
    return sum;
  }

  /** @returns {Array<[string, number]>} items in stock with their counts, sorted by name */
  items() {
    return [...this.#stock.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

module.exports = { Inventory, OutOfStockError };
