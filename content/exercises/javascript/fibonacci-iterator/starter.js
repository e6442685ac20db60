/**
 * The Fibonacci numbers 0n, 1n, 1n, 2n, 3n, ... as an iterable sequence of BigInts.
 */
class Fibonacci {
  /**
   * @param {number} [count=Infinity] how many numbers the sequence has: a whole number >= 0
   *   or Infinity (endless); anything else throws a RangeError
   */
  constructor(count = Infinity) {
    // Your code here.
  }

  /** Returns a new iterator over the numbers, starting at 0n. */
  *[Symbol.iterator]() {
    // Your code here.
  }
}

module.exports = { Fibonacci };
