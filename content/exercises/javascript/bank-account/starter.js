/**
 * A bank account holding a balance in whole cents, with a history of operations.
 */
class BankAccount {
  /**
   * @param {string} owner
   * @param {number} [initialBalance=0] whole cents, 0 or more
   */
  constructor(owner, initialBalance = 0) {
    this.owner = owner;
    // Your code here.
  }

  /** @returns {number} the current balance in cents */
  get balance() {
    // Your code here.
    return 0;
  }

  /** @param {number} amount positive whole cents */
  deposit(amount) {
    // Your code here.
  }

  /** @param {number} amount positive whole cents */
  withdraw(amount) {
    // Your code here.
  }

  /**
   * @param {BankAccount} other
   * @param {number} amount positive whole cents
   */
  transferTo(other, amount) {
    // Your code here.
  }

  /** @returns {{type: string, amount: number, balance: number}[]} a copy of the history */
  history() {
    // Your code here.
    return [];
  }
}

module.exports = { BankAccount };
