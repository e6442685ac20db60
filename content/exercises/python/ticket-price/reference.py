def ticket_price(age, is_weekend):
    """Return the price in euros of one ticket for a visitor of `age`.

    `is_weekend` is True on Saturdays and Sundays.
    """
    if age <= 3:
        return 0
    if age <= 12:
        price = 6
    elif age <= 64:
        price = 10
    else:
        price = 7
    if is_weekend:
        price += 2
    return price
