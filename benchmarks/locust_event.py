"""Locust users for ``bench_event_scale``: participants (company users, each with an API token)
reading the published schedule through the API and their own agenda page. The users, the event
and the tokens come from the JSON file named by ``$BENCH_EVENT_USERS``."""

from __future__ import annotations

import itertools
import json
import os

from locust import HttpUser, between, task

SETUP = json.loads(open(os.environ["BENCH_EVENT_USERS"], encoding="utf-8").read())
NEXT = itertools.count()


class Participant(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        me = SETUP["users"][next(NEXT) % len(SETUP["users"])]
        self.event = SETUP["event"]
        self.participant = me["participant"]
        self.client.headers["Authorization"] = f"Bearer {me['token']}"

    @task(1)
    def schedule(self) -> None:
        self.client.get(f"/api/v1/events/{self.event}/schedule", name="/api/v1/events/[e]/schedule")

    @task(2)
    def agenda(self) -> None:
        self.client.get(
            f"/events/{self.event}/participants/{self.participant}/agenda",
            name="/events/[e]/participants/[p]/agenda",
        )
