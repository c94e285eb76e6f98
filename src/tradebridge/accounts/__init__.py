"""Accounts: users and roles, passwords, sessions, API tokens, log-in throttling, and the one
place where access is decided (``accounts.policy``)."""
