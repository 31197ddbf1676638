"""The network drops after the photos went up but before the evaluation did: everything arrives exactly once."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import fill_checklist, log_in, open_assignment, submit, wait_until_sent
from tests.pwa.live import Api

pytestmark = pytest.mark.e2e
EVALUATION_PUT = re.compile(r"/api/v1/evaluations/[0-9a-f-]{36}$")
PHOTO_PUT = re.compile(r"/api/v1/evaluations/[0-9a-f-]{36}/photos/([0-9a-f-]{36})$")


def test_evaluation_put_aborted_once_then_everything_arrives_once(phone, live_world, photo_file):
    assignment = live_world.assignments[1]
    page = phone.new_page()
    photo_puts: Counter[str] = Counter()
    evaluation_puts: list[str] = []

    def count(request):
        if request.method != "PUT":
            return
        if match := PHOTO_PUT.search(request.url):
            photo_puts[match.group(1)] += 1
        elif EVALUATION_PUT.search(request.url):
            evaluation_puts.append(request.url)

    def drop_first_evaluation_put(route):
        if route.request.method == "PUT" and not evaluation_puts[1:]:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.on("request", count)
    page.route(EVALUATION_PUT, drop_first_evaluation_put)

    log_in(page, live_world.url, live_world.emails["tester"])
    open_assignment(page, "TeleMax Shop Hamburg")
    fill_checklist(page, photo_file)
    submit(page, assignment["id"])

    # Photos are confirmed, the evaluation is not: the item waits for its retry.
    item = page.locator(".outbox-item").first
    expect(item).to_have_class(re.compile(r"\bpending\b"))
    expect(item.locator("text=/Fotos gesendet: (\\d+) von \\1/")).to_be_visible()
    assert len(evaluation_puts) == 1

    phone.set_offline(True)
    phone.set_offline(False)
    wait_until_sent(page)

    assert len(evaluation_puts) == 2
    assert photo_puts and set(photo_puts.values()) == {1}
    reviewer = Api(live_world.url, live_world.emails["reviewer"])
    held = [e for e in reviewer.ok("GET", "/evaluations", params={"limit": 500})["items"]
            if e["assignment_id"] == assignment["id"]]
    assert len(held) == 1 and held[0]["revision"] == 1
    detail = reviewer.ok("GET", f"/evaluations/{held[0]['id']}")
    assert {p["id"] for p in detail["photos"]} == set(photo_puts)
