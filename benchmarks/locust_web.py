"""Locust users for ``bench_web``: readers browsing the country, markets and pair pages (in the
three languages) and scripts calling the REST API. Run by ``benchmarks/bench_web.py``."""

from __future__ import annotations

import random

from locust import HttpUser, between, task

COUNTRIES = ["AZE", "KAZ", "GEO"]
PARTNERS = ["RUS", "CHN", "TUR"]
LANGS = ["az", "ru", "en"]


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)

    @task(3)
    def country(self) -> None:
        code = random.choice(COUNTRIES)
        self.client.get(f"/country/{code}?lang={random.choice(LANGS)}", name="/country/[c]")

    @task(3)
    def markets(self) -> None:
        code = random.choice(COUNTRIES)
        query = random.choice(["", "&exclude_sector=energy"])
        self.client.get(f"/markets/{code}?lang={random.choice(LANGS)}{query}", name="/markets/[c]")

    @task(2)
    def pair(self) -> None:
        a, b = random.choice(COUNTRIES), random.choice(PARTNERS)
        if a != b:
            self.client.get(f"/pair/{a}/{b}?lang={random.choice(LANGS)}", name="/pair/[a]/[b]")

    @task(2)
    def api_profile(self) -> None:
        code = random.choice(COUNTRIES)
        self.client.get(f"/api/v1/profile/{code}?by=sector", name="/api/v1/profile/[c]")

    @task(1)
    def api_mutual(self) -> None:
        self.client.get("/api/v1/mutual/AZE/RUS", name="/api/v1/mutual/[a]/[b]")
