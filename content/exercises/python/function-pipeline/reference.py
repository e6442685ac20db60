def pipeline(*steps):
    """Return a function that passes its argument through `steps`, left to right.

    A step returning None stops the pipeline (which then returns None);
    a non-callable step raises TypeError when the pipeline is built.
    """
    for number, step in enumerate(steps, start=1):
        if not callable(step):
            raise TypeError(f"step {number} is not callable")

    def run(value):
        for step in steps:
            value = step(value)
            if value is None:
                return None
        return value

    return run
