/**
 * The Fibonacci numbers 0n, 1n, 1n, 2n, 3n, ... as an iterable sequence of BigInts.
 */
class Fibonacci {
  /**
   * @param {number} [count=Infinity] how many numbers the sequence has: a whole number >= 0
   *   or Infinity (endless); anything else throws a RangeError
   */
  constructor(count = Infinity) {
    if (!(count === Infinity || (Number.isInteger(count) && count >= 0))) {
      throw new RangeError(`count must be a whole number >= 0 or Infinity, not ${count}`);
    }
    this.count = count;
  }

  /**
   * Returns a new iterator over the numbers, starting at 0n. A generator object is an
   * iterator that is itself iterable, and stays done once it has finished.
   */
  *[Symbol.iterator]() {
    let current = 0n;
    let next = 1n;
    for (let i = 0; i < this.count; i++) {
      yield current;
      [current, next] = [next, current + next];
    }
  }
}

module.exports = { Fibonacci };
