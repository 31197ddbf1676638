"""A tester fills a whole shipped checklist offline, with photos and a reload mid-way; it arrives exactly once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import (
    fill_checklist, log_in, open_assignment, snapshot, submit, wait_for_service_worker, wait_until_sent,
)
from tests.pwa.live import Api

pytestmark = pytest.mark.e2e


def server_evaluations(world, assignment_id: int) -> list[dict]:
    reviewer = Api(world.url, world.emails["reviewer"])
    items = reviewer.ok("GET", "/evaluations", params={"limit": 500})["items"]
    return [item for item in items if item["assignment_id"] == assignment_id]


def test_offline_fill_with_reload_then_sync_once(phone, live_world, photo_file):
    assignment = live_world.assignments[0]
    page = phone.new_page()
    log_in(page, live_world.url, live_world.emails["tester"])
    expect(page.locator(".assignment", has_text="TeleMax Shop Berlin")).to_be_visible()
    wait_for_service_worker(page)

    phone.set_offline(True)
    open_assignment(page, "TeleMax Shop Berlin")
    first_half = fill_checklist(page, photo_file, stop_after=20)
    complete_before = page.locator(".question.complete").count()
    photos_before = page.locator(".photos li").count()
    assert photos_before > 0

    page.reload()
    page.wait_for_selector(".question")
    assert page.locator(".question.complete").count() == complete_before
    assert page.locator(".photos li").count() == photos_before

    answered = fill_checklist(page, photo_file, skip=first_half)
    submit(page, assignment["id"])
    expect(page.locator(".outbox-item.pending")).to_have_count(1)
    expect(page.locator("#outbox-count")).to_have_text("1")
    expect(page.locator("#connection")).to_be_visible()
    snapshot(page, "outbox_offline")
    assert server_evaluations(live_world, assignment["id"]) == []

    phone.set_offline(False)
    wait_until_sent(page)
    expect(page.locator("#outbox-count")).to_be_hidden()

    held = server_evaluations(live_world, assignment["id"])
    assert len(held) == 1
    reviewer = Api(live_world.url, live_world.emails["reviewer"])
    detail = reviewer.ok("GET", f"/evaluations/{held[0]['id']}")
    named = {photo for answer in detail["answers"].values() for photo in answer["photos"]}
    assert named and {photo["id"] for photo in detail["photos"]} == named
    assert all(max(photo["width"], photo["height"]) <= 2048 for photo in detail["photos"])
    assert set(detail["answers"]) <= answered
    scores = reviewer.ok("GET", f"/evaluations/{held[0]['id']}/scores")
    assert scores["total"] is not None
