const test = require("node:test");
const assert = require("node:assert/strict");
const { BankAccount } = require("./main.js");

test("a new account keeps its owner and starts with an empty history", () => {
  const acc = new BankAccount("Chloé", 250);
  assert.equal(acc.owner, "Chloé");
  assert.equal(acc.balance, 250);
  assert.deepEqual(acc.history(), []);
  assert.equal(new BankAccount("Dev").balance, 0);
});

test("an invalid initial balance throws a RangeError", () => {
  assert.throws(() => new BankAccount("x", -1), RangeError);
  assert.throws(() => new BankAccount("x", 10.5), RangeError);
});

test("invalid amounts throw a RangeError", () => {
  const acc = new BankAccount("x", 1000);
  const other = new BankAccount("y");
  for (const bad of [0, -5, 1.5, NaN, "10"]) {
    assert.throws(() => acc.deposit(bad), RangeError, `deposit(${String(bad)})`);
    assert.throws(() => acc.withdraw(bad), RangeError, `withdraw(${String(bad)})`);
    assert.throws(() => acc.transferTo(other, bad), RangeError, `transferTo(other, ${String(bad)})`);
  }
  assert.equal(acc.balance, 1000);
  assert.deepEqual(acc.history(), []);
});

test("the amount is checked before the funds", () => {
  const empty = new BankAccount("x");
  assert.throws(() => empty.withdraw(-5), RangeError);
});

test("a failed withdrawal changes nothing", () => {
  const acc = new BankAccount("x", 100);
  assert.throws(() => acc.withdraw(101), { message: "insufficient funds" });
  assert.equal(acc.balance, 100);
  assert.deepEqual(acc.history(), []);
});

test("withdrawing the whole balance is allowed", () => {
  const acc = new BankAccount("x", 100);
  acc.withdraw(100);
  assert.equal(acc.balance, 0);
  assert.deepEqual(acc.history(), [{ type: "withdrawal", amount: 100, balance: 0 }]);
});

test("a failed transfer changes neither account", () => {
  const a = new BankAccount("a", 50);
  const b = new BankAccount("b", 10);
  assert.throws(() => a.transferTo(b, 60), { message: "insufficient funds" });
  assert.equal(a.balance, 50);
  assert.equal(b.balance, 10);
  assert.deepEqual(a.history(), []);
  assert.deepEqual(b.history(), []);
});

test("transferring to the same account throws", () => {
  const a = new BankAccount("a", 50);
  assert.throws(() => a.transferTo(a, 10), { message: "cannot transfer to the same account" });
  assert.equal(a.balance, 50);
  assert.deepEqual(a.history(), []);
});

test("history returns a copy", () => {
  const acc = new BankAccount("x");
  acc.deposit(10);
  const h = acc.history();
  h.push({ type: "deposit", amount: 999, balance: 999 });
  h[0].amount = 12345;
  assert.deepEqual(acc.history(), [{ type: "deposit", amount: 10, balance: 10 }]);
});

test("accounts do not share balances or histories", () => {
  const a = new BankAccount("a");
  const b = new BankAccount("b");
  a.deposit(5);
  b.deposit(7);
  b.deposit(1);
  assert.equal(a.balance, 5);
  assert.equal(b.balance, 8);
  assert.equal(a.history().length, 1);
  assert.equal(b.history().length, 2);
});
