def train_ticket_price(distance_km, age, hour):
    """Return the price in cents (an int) of one ticket for a trip of `distance_km`
    kilometres, a traveller aged `age`, on a train leaving at `hour` (0-23)."""
    # Your code here.
    return 0
