/**
 * The integers start, start + step, ... that come before `end` (like Python's range).
 */
class Range {
  /**
   * @param {number} start
   * @param {number} end
   * @param {number} [step=1] must not be 0
   */
  constructor(start, end, step = 1) {
    // Your code here.
  }

  /** Yields the values one at a time. */
  *[Symbol.iterator]() {
    // Your code here.
  }

  /** @returns {number} how many values the range has */
  get size() {
    // Your code here.
    return 0;
  }

  /**
   * @param {number} n
   * @returns {boolean} whether `n` is one of the values
   */
  includes(n) {
    // Your code here.
    return false;
  }
}

module.exports = { Range };
