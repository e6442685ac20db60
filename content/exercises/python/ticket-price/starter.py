def ticket_price(age, is_weekend):
    """Return the price in euros of one ticket for a visitor of `age`.

    `is_weekend` is True on Saturdays and Sundays.
    """
    # Your code here.
    return 0
