"""The server killed hard (SIGKILL) in the middle of submissions and started again: clients retry with their
ids, and afterwards every evaluation is stored exactly once and whole, and gc leaves no orphaned file."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.checks import stored_problems
from tests.faults.field import Visit, database_url_of, field_server, restart
from tests.live import ROOT

TESTERS = 150
CRASHES = 4
# Devices come online one after another, so that requests are in flight whenever the server dies; over
# about 40 s, so that all crashes (each with a restart of a few seconds) fall within the arrivals.
ARRIVAL_SECONDS = 0.25
pytestmark = [pytest.mark.slow, pytest.mark.e2e]


class Device:
    """A phone's outbox: photo first, then the evaluation, retried with its ids until the server confirms."""

    def __init__(self, visit: Visit, url: str, deadline: float) -> None:
        self.visit = visit
        self.url = url
        self.deadline = deadline
        self.refused: list[str] = []
        self.attempts = 0

    def sync(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as http:
            for send in (self.visit.upload, self.visit.submit):
                self._until_confirmed(send, http)

    def _until_confirmed(self, send, http: httpx.Client) -> None:
        while time.monotonic() < self.deadline:
            self.attempts += 1
            try:
                response = send(http)
            except httpx.TransportError:  # the server is down or died mid-request: the outbox keeps it
                time.sleep(random.uniform(0.05, 0.3))
                continue
            if response.is_success:
                return
            if response.status_code >= 500:
                time.sleep(random.uniform(0.05, 0.3))
                continue
            self.refused.append(f"{response.status_code} {response.text[:200]}")
            return
        self.refused.append("gave up: the deadline passed")


def test_a_server_killed_mid_submission_stores_every_evaluation_once_and_whole(tmp_path: Path, database_url):
    log = tmp_path / "server.log"
    with field_server(tmp_path / "var", testers=TESTERS, database_url=database_url, log=log) as (live, field):
        deadline = time.monotonic() + 120
        devices = [Device(Visit(tester), live.url, deadline) for tester in field.testers]
        threads = [threading.Thread(target=device.sync) for device in devices]

        def arrive() -> None:
            for thread in threads:
                thread.start()
                time.sleep(ARRIVAL_SECONDS)

        arrivals = threading.Thread(target=arrive)
        arrivals.start()
        killed = 0
        while killed < CRASHES and (arrivals.is_alive() or any(thread.is_alive() for thread in threads)):
            time.sleep(random.uniform(0.2, 0.8))
            live.kill()  # SIGKILL: no shutdown, no flushing, no rollback but the database's own
            killed += 1
            restart(live)
        arrivals.join()
        for thread in threads:
            thread.join()
        url, media = database_url_of(live), live.var_dir / "media"
    gc = subprocess.run([sys.executable, "-m", "backend.cli", "gc", "--grace-minutes", "0"], cwd=ROOT,
                        env=live.env, capture_output=True, text=True)
    assert gc.returncode == 0, gc.stderr
    assert killed == CRASHES, "the clients finished before every crash happened: raise ARRIVAL_SECONDS"
    refused = {str(d.visit.evaluation_id): d.refused for d in devices if d.refused}
    assert refused == {}, "a retry after a crash must be answered as the first try"
    assert sum(d.attempts for d in devices) > 2 * TESTERS, "some requests were cut off and retried"
    assert stored_problems(url, media, [d.visit for d in devices]) == []
    assert "database is locked" not in log.read_text(errors="replace")
