import unittest

from main import BankAccount


class BankAccountVisible(unittest.TestCase):
    def test_deposit_and_withdraw_return_the_new_balance(self):
        account = BankAccount("Alice", 1000)
        self.assertEqual(account.deposit(500), 1500)
        self.assertEqual(account.withdraw(200), 1300)
        self.assertEqual(account.balance, 1300)

    def test_transfer_moves_money_and_is_recorded_on_both_accounts(self):
        alice = BankAccount("Alice", 1000)
        bob = BankAccount("Bob")
        self.assertEqual(alice.transfer(bob, 700), 300)
        self.assertEqual(bob.balance, 700)
        self.assertEqual(alice.history, [("transfer out", 700, 300)])
        self.assertEqual(bob.history, [("transfer in", 700, 700)])

    def test_withdrawing_too_much_raises_value_error(self):
        account = BankAccount("Alice", 100)
        with self.assertRaises(ValueError):
            account.withdraw(5000)
