def build_order(tasks, dependencies):
    """Return the tasks in an order that respects every (before, after) pair.

    Among the tasks that are ready, the alphabetically smallest runs first.
    Raises ValueError on a cycle or on a pair naming an unknown task.
    """
    # Your code here.
    return list(tasks)
