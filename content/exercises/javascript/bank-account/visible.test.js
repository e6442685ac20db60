const test = require("node:test");
const assert = require("node:assert/strict");
const { BankAccount } = require("./main.js");

test("deposits, withdrawals and transfers update balances and history", () => {
  const anna = new BankAccount("Anna", 1000);
  const ben = new BankAccount("Ben");
  anna.deposit(500);
  anna.withdraw(200);
  anna.transferTo(ben, 300);
  assert.equal(anna.balance, 1000);
  assert.equal(ben.balance, 300);
  assert.deepEqual(anna.history(), [
    { type: "deposit", amount: 500, balance: 1500 },
    { type: "withdrawal", amount: 200, balance: 1300 },
    { type: "transfer-out", amount: 300, balance: 1000 },
  ]);
  assert.deepEqual(ben.history(), [{ type: "transfer-in", amount: 300, balance: 300 }]);
});

test("withdrawing too much throws", () => {
  const ben = new BankAccount("Ben", 100);
  assert.throws(() => ben.withdraw(1000), { message: "insufficient funds" });
});
