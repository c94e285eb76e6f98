"""Business forums, trade missions and the other events the agency runs: their models and
services (``events.models``, ``events.services``), the status machine (``events.status``) and
the meeting slots generated from an event's sessions (``events.slots``)."""
