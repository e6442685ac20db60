def min_truck_capacity(parcels, days):
    """Return the smallest truck capacity that ships `parcels`, in order, within `days` days."""
    # Your code here.
    return 0
