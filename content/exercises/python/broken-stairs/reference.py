def count_climbs(n, jumps, broken):
    """Return how many jump sequences lead from step 0 to step n without landing on a broken step."""
    broken = set(broken)
    ways = [0] * (n + 1)
    for step in range(n + 1):
        if step in broken:
            continue
        if step == 0:
            ways[0] = 1
            continue
        ways[step] = sum(ways[step - jump] for jump in jumps if jump <= step)
    return ways[n]
