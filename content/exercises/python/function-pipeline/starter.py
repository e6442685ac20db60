def pipeline(*steps):
    """Return a function that passes its argument through `steps`, left to right.

    A step returning None stops the pipeline (which then returns None);
    a non-callable step raises TypeError when the pipeline is built.
    """

    def run(value):
        # Your code here.
        return value

    return run
