"""Investment projects, both ways: the pipeline from lead to operating, the log of every change
of stage, the contacts with the investor, and the pipeline report."""
