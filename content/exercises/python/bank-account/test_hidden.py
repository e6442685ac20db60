import unittest

from main import BankAccount


class BankAccountHidden(unittest.TestCase):
    def test_new_account_defaults_to_zero_with_empty_history(self):
        account = BankAccount("Carol")
        self.assertEqual((account.owner, account.balance, account.history), ("Carol", 0, []))

    def test_negative_opening_balance_raises_value_error(self):
        with self.assertRaises(ValueError):
            BankAccount("Dan", -1)

    def test_history_lists_operations_oldest_first(self):
        account = BankAccount("Alice", 100)
        account.deposit(50)
        account.withdraw(30)
        account.deposit(5)
        self.assertEqual(
            account.history,
            [("deposit", 50, 150), ("withdraw", 30, 120), ("deposit", 5, 125)],
        )

    def test_failed_withdrawal_changes_nothing(self):
        account = BankAccount("Alice", 100)
        with self.assertRaises(ValueError):
            account.withdraw(101)
        self.assertEqual((account.balance, account.history), (100, []))

    def test_withdrawing_the_whole_balance_is_allowed(self):
        account = BankAccount("Alice", 100)
        self.assertEqual(account.withdraw(100), 0)

    def test_zero_and_negative_amounts_raise_value_error(self):
        account = BankAccount("Alice", 100)
        other = BankAccount("Bob", 100)
        for operation in (account.deposit, account.withdraw, lambda a: account.transfer(other, a)):
            for amount in (0, -20):
                with self.assertRaises(ValueError):
                    operation(amount)
        self.assertEqual((account.balance, account.history), (100, []))
        self.assertEqual((other.balance, other.history), (100, []))

    def test_failed_transfer_changes_neither_account(self):
        alice = BankAccount("Alice", 50)
        bob = BankAccount("Bob", 10)
        with self.assertRaises(ValueError):
            alice.transfer(bob, 60)
        self.assertEqual((alice.balance, alice.history), (50, []))
        self.assertEqual((bob.balance, bob.history), (10, []))

    def test_accounts_do_not_share_history(self):
        first = BankAccount("Alice")
        second = BankAccount("Bob")
        first.deposit(10)
        self.assertEqual(second.history, [])
        second.deposit(20)
        self.assertEqual(first.history, [("deposit", 10, 10)])

    def test_money_can_be_transferred_back(self):
        alice = BankAccount("Alice", 300)
        bob = BankAccount("Bob", 0)
        alice.transfer(bob, 300)
        self.assertEqual(bob.transfer(alice, 120), 180)
        self.assertEqual(alice.balance, 120)
        self.assertEqual(alice.history, [("transfer out", 300, 0), ("transfer in", 120, 120)])
