"""Logged-in users over the pages people use most (see bench/README.md, "Load").

The users' sessions and the initiative ids come from bench/load_data.py (BENCH_DATA names its JSON file);
BENCH_THINK is each user's pause between requests, in seconds. Requests claim to come through the TLS proxy
(X-Forwarded-Proto), as in production.
"""

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, constant, task

DATA = json.loads(Path(os.environ["BENCH_DATA"]).read_text(encoding="utf-8"))
SESSIONS = itertools.cycle(DATA["sessions"])


class Member(HttpUser):
    wait_time = constant(float(os.environ.get("BENCH_THINK", "0")))

    def on_start(self):
        # The session cookie is sent as a header: the server marks its cookies Secure, and the client would
        # keep them from plain HTTP, which is what the proxy forwards.
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Cookie"] = f"sessionid={next(SESSIONS)}"

    def _get(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task
    def front_page(self):
        self._get("/", "front page")

    @task
    def filtered_list(self):
        self._get(f"/initiativer/?state=godkendt&sub_goal={random.randint(1, 3)}", "initiative list, filtered")

    @task
    def initiative(self):
        self._get(f"/initiativer/{random.choice(DATA['initiatives'])}/", "initiative page")

    @task
    def steering_group(self):
        self._get("/initiativer/styregruppe/", "steering group")

    @task
    def goal(self):
        self._get("/tryghedsindeks/", "goal page")
