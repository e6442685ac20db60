def train_ticket_price(distance_km, age, hour):
    """Return the price in cents (an int) of one ticket for a trip of `distance_km`
    kilometres, a traveller aged `age`, on a train leaving at `hour` (0-23)."""
    if age <= 3:
        return 0

    if distance_km <= 10:
        price = 300
    elif distance_km <= 50:
        price = 800
    elif distance_km <= 200:
        price = 2000
    else:
        price = 4500

    if age <= 15 or age >= 65:
        price = price // 2

    peak = 7 <= hour <= 9 or 16 <= hour <= 18
    if not peak:
        price = price * 4 // 5
    return price
