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
    if (step === 0) {
      throw new RangeError("step must not be 0");
    }
    this.start = start;
    this.end = end;
    this.step = step;
  }

  /** Yields the values one at a time. */
  *[Symbol.iterator]() {
    const { start, end, step } = this;
    for (let value = start; step > 0 ? value < end : value > end; value += step) {
      yield value;
    }
  }

  /** @returns {number} how many values the range has */
  get size() {
    const distance = this.step > 0 ? this.end - this.start : this.start - this.end;
    return Math.max(0, Math.ceil(distance / Math.abs(this.step)));
  }

  /**
   * @param {number} n
   * @returns {boolean} whether `n` is one of the values
   */
  includes(n) {
    const { start, end, step } = this;
    const inside = step > 0 ? start <= n && n < end : end < n && n <= start;
    return inside && (n - start) % step === 0;
  }
}

module.exports = { Range };
