"""Business forums: partner matching and B2B meeting scheduling over plain data classes."""
