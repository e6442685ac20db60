import heapq


def build_order(tasks, dependencies):
    """Return the tasks in an order that respects every (before, after) pair.

    Among the tasks that are ready, the alphabetically smallest runs first.
    Raises ValueError on a cycle or on a pair naming an unknown task.
    """
    followers = {task: [] for task in tasks}
    waiting_for = dict.fromkeys(tasks, 0)  # number of unfinished `before` tasks
    for before, after in set(dependencies):
        if before not in followers or after not in followers:
            raise ValueError(f"unknown task in {(before, after)!r}")
        followers[before].append(after)
        waiting_for[after] += 1

    ready = [task for task, count in waiting_for.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        task = heapq.heappop(ready)
        order.append(task)
        for follower in followers[task]:
            waiting_for[follower] -= 1
            if waiting_for[follower] == 0:
                heapq.heappush(ready, follower)
    if len(order) < len(tasks):
        raise ValueError("the dependencies contain a cycle")
    return order
