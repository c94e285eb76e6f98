"""The REST API: one endpoint per analytic, generated from the ``Workspace`` signatures."""
