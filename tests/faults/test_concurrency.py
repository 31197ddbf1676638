"""Fifty testers sync at once against the real server, each racing its own retry: nothing lost, nothing twice."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.faults.checks import stored_problems
from tests.faults.field import Visit, database_url_of, field_server

TESTERS = 50
pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def twice_at_once(action, http_clients: tuple[httpx.Client, httpx.Client]) -> list[httpx.Response]:
    """Send the same request from two connections at the same moment: a retry racing its original."""
    barrier = threading.Barrier(2)
    answers: list[httpx.Response | BaseException] = [None, None]  # type: ignore[list-item]

    def one(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = action(http_clients[index])
        except BaseException as error:  # noqa: BLE001 - reported by the test, not swallowed
            answers[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers  # type: ignore[return-value]


def test_fifty_testers_submitting_at_once_lose_nothing_and_store_nothing_twice(tmp_path: Path, database_url):
    log = tmp_path / "server.log"
    with field_server(tmp_path / "var", testers=TESTERS, database_url=database_url, log=log) as (live, field):
        visits = [Visit(tester) for tester in field.testers]
        outcomes: dict[str, list] = {}
        start = threading.Barrier(TESTERS)

        def tester_syncs(visit: Visit) -> None:
            with httpx.Client(base_url=live.url, timeout=120) as first, \
                    httpx.Client(base_url=live.url, timeout=120) as second:
                start.wait()
                uploads = twice_at_once(visit.upload, (first, second))
                submissions = twice_at_once(visit.submit, (first, second))
                outcomes[str(visit.evaluation_id)] = uploads + submissions

        threads = [threading.Thread(target=tester_syncs, args=(visit,)) for visit in visits]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        problems = stored_problems(database_url_of(live), live.var_dir / "media", visits)
    failures = {evaluation_id: [_describe(a) for a in answers] for evaluation_id, answers in outcomes.items()
                if not all(isinstance(a, httpx.Response) and a.is_success for a in answers)}
    assert failures == {}, f"{len(failures)} testers got an error, e.g. {next(iter(failures.items()), None)}"
    assert len(outcomes) == TESTERS
    created = Counter(tuple(sorted(a.status_code for a in answers[2:])) for answers in outcomes.values())
    assert created == {(200, 201): TESTERS}, "each submission is created once and answered as a replay once"
    assert problems == []
    output = log.read_text(errors="replace")
    assert "database is locked" not in output and "Traceback" not in output


def _describe(answer) -> str:
    if isinstance(answer, httpx.Response):
        return f"{answer.status_code} {answer.text[:160]}"
    return repr(answer)
