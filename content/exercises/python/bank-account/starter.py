class BankAccount:
    """An account with an owner, a balance in cents and a history of operations."""

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        """Add `amount` (> 0) and return the new balance."""
        # Your code here.
        return self.balance

    def withdraw(self, amount):
        """Take `amount` (> 0) off and return the new balance; ValueError if it's too much."""
        # Your code here.
        return self.balance

    def transfer(self, other, amount):
        """Move `amount` (> 0) to the account `other`; return this account's new balance."""
        # Your code here.
        return self.balance
