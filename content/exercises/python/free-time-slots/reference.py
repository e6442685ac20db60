def free_slots(busy, start, end, min_length=1):
    """Return the sorted free (from, to) periods of at least `min_length` minutes in start..end.

    `busy` holds (from, to) meetings in any order; they may overlap or reach outside the window.
    """
    free = []
    cursor = start  # everything before `cursor` is accounted for
    for meeting_start, meeting_end in sorted(busy):
        if meeting_start >= end:
            break
        if meeting_start > cursor and meeting_start - cursor >= min_length:
            free.append((cursor, meeting_start))
        cursor = max(cursor, meeting_end)
    if end - cursor >= min_length:
        free.append((cursor, end))
    return free
