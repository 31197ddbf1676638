"""Work that changes under the tester is explained, never lost: a withdrawn assignment with a draft is
explained on its card after a sync, the refused evaluation is set aside with a German explanation (not the
server's English), never retried in a loop, saved as a file, and taken over by an admin in the console."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser import PHONE
from tests.pwa.flows import fill_checklist, log_in, open_assignment, serious_violations, snapshot, submit, \
    wait_until_sent
from tests.pwa.live import ADMIN, PASSWORD, Api

pytestmark = pytest.mark.e2e
EVALUATION_PUT = re.compile(r"/api/v1/evaluations/[0-9a-f-]{36}(/photos/[0-9a-f-]{36})?$")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from tests.pwa.live import seed, start_server

    server = start_server(tmp_path_factory.mktemp("withdrawn"))
    try:
        yield seed(server, assignments=2)
    finally:
        server.stop()


@pytest.fixture
def berlin_phone(browser):
    context = browser.new_context(**PHONE, locale="de-DE", timezone_id="Europe/Berlin", accept_downloads=True)
    yield context
    context.close()


def test_withdrawn_work_is_explained_set_aside_saved_and_taken_over(berlin_phone, browser, world, photo_file):
    admin = Api(world.url, ADMIN)
    withdrawn, reassigned = world.assignments
    other = admin.ok("POST", "/users", json={"email": "other@e2e.example.org", "display_name": "Other Tester",
                                             "password": PASSWORD, "role": "tester"})
    page = berlin_phone.new_page()
    sends: list[str] = []
    page.on("request", lambda r: sends.append(r.url) if r.method == "PUT" and EVALUATION_PUT.search(r.url) else None)
    log_in(page, world.url, world.emails["tester"])
    open_assignment(page, "TeleMax Shop Berlin")
    fill_checklist(page, photo_file, stop_after=2)

    # The agency changes both assignments while the phone holds them, one with a draft.
    admin.ok("DELETE", f"/assignments/{withdrawn['id']}")
    admin.ok("PATCH", f"/assignments/{reassigned['id']}", json={"tester_id": other["id"]})
    page.goto(world.url + "/#/assignments")
    page.click("button >> text=Aktualisieren")
    berlin = page.locator(f".assignment[data-assignment='{withdrawn['id']}']")
    expect(berlin.locator(".tag.ended")).to_have_text("Zurückgezogen")
    expect(berlin.locator(".ended-notice")).to_contain_text("Die Agentur hat diesen Auftrag am")
    expect(berlin.locator(".ended-notice")).to_contain_text("als Datei")
    hamburg = page.locator(f".assignment[data-assignment='{reassigned['id']}']")
    expect(hamburg.locator(".tag.ended")).to_have_text("Neu vergeben")
    expect(hamburg.locator(".ended-notice")).to_contain_text("einem anderen Tester")
    assert serious_violations(page) == []
    snapshot(page, "assignments_ended")
    # Nothing to do on the reassigned one: it can be put away, and it stays away after the next sync.
    hamburg.locator("button.dismiss").click()
    expect(hamburg).to_have_count(0)
    page.click("button >> text=Aktualisieren")
    page.wait_for_timeout(500)
    expect(hamburg).to_have_count(0)
    expect(berlin).to_be_visible()

    # The tester had made the visit: finishing and sending it is refused, and said so in German.
    open_assignment(page, "TeleMax Shop Berlin")
    fill_checklist(page, photo_file)
    submit(page, withdrawn["id"])
    item = page.locator(".outbox-item.set_aside")
    expect(item).to_be_visible(timeout=30_000)
    expect(item.locator("[role=alert]")).to_contain_text("Die Agentur hat diesen Auftrag zurückgezogen.")
    expect(item.locator("[role=alert]")).not_to_contain_text("withdrew")
    expect(page.locator("#toast")).to_contain_text("abgelehnt")
    expect(page.locator("#toast")).not_to_contain_text("sobald eine Verbindung")
    assert serious_violations(page) == []
    snapshot(page, "outbox_withdrawn")
    # Set aside means no loop: nothing more is sent on its own.
    tries = len(sends)
    page.wait_for_timeout(6_000)
    assert len(sends) == tries, sends[tries:]

    with page.expect_download() as download:
        item.locator("button.save-file").click()
    saved = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert download.value.suggested_filename.endswith(".json")
    assert saved["format"] == "fieldcheck-outbox-item" and saved["version"] == 1
    assert saved["payload"]["assignment_id"] == withdrawn["id"]
    assert saved["refusal"]["code"] == "assignment_withdrawn"
    assert saved["photos"] and all(p["data"] for p in saved["photos"])
    file_path = download.value.path()

    # An admin takes it over in the console.
    desk = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        console = desk.new_page()
        log_in(console, world.url, ADMIN)
        console.goto(world.url + "/#/console/imports")
        console.set_input_files("input[type=file]", str(file_path))
        console.click("button >> text=Übernehmen")
        expect(console.locator(".import-result .notice.ok")).to_contain_text("TeleMax Shop Berlin", timeout=30_000)
        assert serious_violations(console) == []
        snapshot(console, "console_import")
    finally:
        desk.close()
    reviewer = Api(world.url, world.emails["reviewer"])
    [evaluation] = [e for e in reviewer.ok("GET", "/evaluations")["items"] if e["assignment_id"] == withdrawn["id"]]
    detail = reviewer.ok("GET", f"/evaluations/{evaluation['id']}")
    assert detail["tester"]["display_name"] == "E2E Tester"
    assert [r["action"] for r in detail["review"]] == ["imported"]
    assert len(detail["photos"]) == len(saved["photos"])

    # Back on the phone, one more try is answered as the same submission: the item is done, nothing lost.
    item.locator("button >> text=Erneut versuchen").click()
    wait_until_sent(page)
