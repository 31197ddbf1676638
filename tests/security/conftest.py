"""One real server for the security tests: a 1 MB photo limit, its access log kept for inspection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.faults.field import Field, field_server
from tests.live import LiveServer

LIVE_PHOTO_LIMIT = 1_000_000
QUICK_FUZZ = "tests/security/test_fuzz.py::test_no_operation_answers_5xx_or_off_schema["


def pytest_collection_modifyitems(config, items):
    """The quick fuzz run is SQLite only, to stay quick; the slow run fuzzes PostgreSQL too."""
    if config.getoption("--run-slow"):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.nodeid.startswith(QUICK_FUZZ) and item.nodeid.endswith("[postgres]") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@dataclass
class LiveField:
    live: LiveServer
    field: Field
    http: httpx.Client
    log: Path


@pytest.fixture(scope="session")
def live_field(tmp_path_factory) -> Iterator[LiveField]:
    directory = tmp_path_factory.mktemp("security-server")
    log = directory / "server.log"
    with field_server(directory / "var", testers=2, env={"FIELDCHECK_PHOTO_MAX_BYTES": str(LIVE_PHOTO_LIMIT)},
                      log=log) as (live, field):
        with httpx.Client(base_url=live.url, timeout=60) as http:
            yield LiveField(live, field, http, log)
