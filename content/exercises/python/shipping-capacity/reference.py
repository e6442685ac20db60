def min_truck_capacity(parcels, days):
    """Return the smallest truck capacity that ships `parcels`, in order, within `days` days."""
    if days < 1:
        raise ValueError("days must be at least 1")
    if not parcels:
        return 0

    def days_needed(capacity):
        needed, load = 1, 0
        for weight in parcels:
            if load + weight > capacity:
                needed += 1
                load = 0
            load += weight
        return needed

    # The answer lies between the heaviest parcel (every parcel must fit) and the total
    # (everything in one day). Fewer days are needed as the capacity grows, so binary search.
    low, high = max(parcels), sum(parcels)
    while low < high:
        middle = (low + high) // 2
        if days_needed(middle) <= days:
            high = middle
        else:
            low = middle + 1
    return low
