class BankAccount:
    """An account with an owner, a balance in cents and a history of operations."""

    def __init__(self, owner, balance=0):
        if balance < 0:
            raise ValueError("opening balance cannot be negative")
        self.owner = owner
        self.balance = balance
        self.history = []

    @staticmethod
    def _check_amount(amount):
        if amount <= 0:
            raise ValueError("amount must be positive")

    def _record(self, kind, amount):
        self.history.append((kind, amount, self.balance))

    def deposit(self, amount):
        """Add `amount` (> 0) and return the new balance."""
        self._check_amount(amount)
        self.balance += amount
        self._record("deposit", amount)
        return self.balance

    def withdraw(self, amount):
        """Take `amount` (> 0) off and return the new balance; ValueError if it's too much."""
        self._check_amount(amount)
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self._record("withdraw", amount)
        return self.balance

    def transfer(self, other, amount):
        """Move `amount` (> 0) to the account `other`; return this account's new balance."""
        self._check_amount(amount)
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self._record("transfer out", amount)
        other.balance += amount
        other._record("transfer in", amount)
        return self.balance
