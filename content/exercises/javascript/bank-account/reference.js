/**
 * A bank account holding a balance in whole cents, with a history of operations.
 */
class BankAccount {
  #balance;
  #entries = [];

  /**
   * @param {string} owner
   * @param {number} [initialBalance=0] whole cents, 0 or more
   */
  constructor(owner, initialBalance = 0) {
    if (!Number.isInteger(initialBalance) || initialBalance < 0) {
      throw new RangeError("the initial balance must be a whole number of cents, 0 or more");
    }
    this.owner = owner;
    this.#balance = initialBalance;
  }

  /** @returns {number} the current balance in cents */
  get balance() {
    return this.#balance;
  }

  /** @param {number} amount positive whole cents */
  deposit(amount) {
    BankAccount.#checkAmount(amount);
    this.#record("deposit", amount);
  }

  /** @param {number} amount positive whole cents */
  withdraw(amount) {
    BankAccount.#checkAmount(amount);
    this.#checkFunds(amount);
    this.#record("withdrawal", -amount);
  }

  /**
   * @param {BankAccount} other
   * @param {number} amount positive whole cents
   */
  transferTo(other, amount) {
    BankAccount.#checkAmount(amount);
    if (other === this) {
      throw new Error("cannot transfer to the same account");
    }
    this.#checkFunds(amount);
    this.#record("transfer-out", -amount);
    other.#record("transfer-in", amount);
  }

  /** @returns {{type: string, amount: number, balance: number}[]} a copy of the history */
  history() {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  static #checkAmount(amount) {
    if (!Number.isInteger(amount) || amount <= 0) {
      throw new RangeError("the amount must be a positive whole number of cents");
    }
  }

  #checkFunds(amount) {
    if (amount > this.#balance) {
      throw new Error("insufficient funds");
    }
  }

  #record(type, change) {
    this.#balance += change;
    this.#entries.push({ type, amount: Math.abs(change), balance: this.#balance });
  }
}

module.exports = { BankAccount };
