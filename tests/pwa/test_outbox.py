"""The outbox reads the server's answer: missing photos are sent again, a refusal is set aside and shown
(never dropped), and logging out warns about unsent work."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import (
    fill_checklist, log_in, open_assignment, serious_violations, snapshot, submit, wait_until_sent,
)
from tests.pwa.live import Api

pytestmark = pytest.mark.e2e
EVALUATION_PUT = re.compile(r"/api/v1/evaluations/[0-9a-f-]{36}$")
PHOTO_PUT = re.compile(r"/api/v1/evaluations/[0-9a-f-]{36}/photos/([0-9a-f-]{36})$")


def held(world, assignment_id: int) -> list[dict]:
    reviewer = Api(world.url, world.emails["reviewer"])
    return [e for e in reviewer.ok("GET", "/evaluations", params={"limit": 500})["items"]
            if e["assignment_id"] == assignment_id]


def test_photos_the_server_lacks_are_uploaded_again(phone, live_world, photo_file):
    assignment = live_world.assignments[3]
    page = phone.new_page()
    photo_puts: Counter[str] = Counter()
    evaluation_statuses: list[int] = []

    def pretend_the_first_upload_worked(route):
        # The device believes the photo arrived; the server never saw it.
        photo_id = PHOTO_PUT.search(route.request.url).group(1)
        photo_puts[photo_id] += 1
        if photo_puts[photo_id] == 1:
            route.fulfill(status=201, json={"id": photo_id})
        else:
            route.continue_()

    page.route(PHOTO_PUT, pretend_the_first_upload_worked)
    page.on("response", lambda r: evaluation_statuses.append(r.status)
            if r.request.method == "PUT" and EVALUATION_PUT.search(r.url) else None)
    log_in(page, live_world.url, live_world.emails["tester"])
    open_assignment(page, "TeleMax Shop Köln")
    fill_checklist(page, photo_file)
    submit(page, assignment["id"])
    wait_until_sent(page)

    assert evaluation_statuses[0] == 422 and evaluation_statuses[-1] == 201
    assert photo_puts and set(photo_puts.values()) == {2}
    evaluations = held(live_world, assignment["id"])
    assert len(evaluations) == 1
    detail = Api(live_world.url, live_world.emails["reviewer"]).ok("GET", f"/evaluations/{evaluations[0]['id']}")
    assert {p["id"] for p in detail["photos"]} == set(photo_puts)


def test_a_refusal_is_set_aside_shown_and_fixable(phone, live_world, photo_file):
    assignment = live_world.assignments[4]
    page = phone.new_page()
    refusal = {"type": "about:blank", "title": "Answers invalid", "status": 422, "code": "answers_invalid",
               "detail": "Some answers do not fit the checklist.",
               "errors": [{"question_id": "sc_greeting", "message": "needs a comment"}]}

    def refuse(route):
        if route.request.method == "PUT":
            route.fulfill(status=422, content_type="application/problem+json", body=json.dumps(refusal))
        else:
            route.continue_()

    page.route(EVALUATION_PUT, refuse)
    log_in(page, live_world.url, live_world.emails["tester"])
    open_assignment(page, "TeleMax Shop Leipzig")
    fill_checklist(page, photo_file)
    submit(page, assignment["id"])

    item = page.locator(".outbox-item.set_aside")
    expect(item).to_be_visible()
    # Explained from the problem's code in the tester's language, naming the question, not in the server's English.
    expect(item.locator("[role=alert]")).to_contain_text("Einige Antworten passen nicht zur Checkliste.")
    expect(item.locator("[role=alert]")).to_contain_text("Betroffene Fragen:")
    expect(item.locator("[role=alert]")).not_to_contain_text("Some answers do not fit")
    expect(page.locator("#outbox-count")).to_have_text("1")
    assert serious_violations(page) == []
    snapshot(page, "outbox_set_aside")
    page.wait_for_timeout(500)
    assert held(live_world, assignment["id"]) == []

    # Still there after a restart of the app: a set-aside item is never dropped silently.
    page.reload()
    expect(page.locator(".outbox-item.set_aside")).to_be_visible()

    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click(".menu summary")
    page.click(".menu-panel button")
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs and "1" in dialogs[0]
    expect(page.locator(".outbox-item.set_aside")).to_be_visible()

    page.click(".outbox-item.set_aside button >> text=Bearbeiten")
    expect(page.locator(".card.error")).to_contain_text("needs a comment")
    assert serious_violations(page) == []
    snapshot(page, "fill_after_refusal")
    page.unroute(EVALUATION_PUT)
    submit(page, assignment["id"])
    wait_until_sent(page)
    assert len(held(live_world, assignment["id"])) == 1
