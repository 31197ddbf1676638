"""Returned, fixed and resent by the tester; approved and released by the reviewer; downloaded by the client.
axe-core checks every screen on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import (
    fill_checklist, log_in, open_assignment, serious_violations, snapshot, submit, wait_until_sent,
)
from tests.pwa.live import Api

pytestmark = pytest.mark.e2e
RETURN_COMMENT = "Bitte den Gesprächsverlauf genauer beschreiben."


def test_return_fix_resend_approve_release_download(browser, phone, live_world, photo_file):
    assignment = live_world.assignments[2]
    screens: dict[str, list[str]] = {}

    def check(page, name):
        page.wait_for_load_state("networkidle")
        screens[name] = serious_violations(page)
        snapshot(page, name.replace(" ", "_"))

    tester = phone.new_page()
    tester.goto(live_world.url + "/")
    tester.wait_for_selector("#login-email")
    check(tester, "login")
    log_in(tester, live_world.url, live_world.emails["tester"])
    check(tester, "assignments")
    open_assignment(tester, "TeleMax Shop München")
    check(tester, "fill")
    fill_checklist(tester, photo_file)
    tester.click(f"a[href='#/a/{assignment['id']}/submit']")
    tester.wait_for_selector("h1 >> text=Prüfen & senden")
    check(tester, "submit")
    submit(tester, assignment["id"])
    wait_until_sent(tester)
    check(tester, "outbox")
    evaluation_id = tester.locator(".outbox-item.sent").first.get_attribute("data-evaluation")

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    reviewer = staff.new_page()
    log_in(reviewer, live_world.url, live_world.emails["reviewer"])
    expect(reviewer.locator(f".evaluation-row a[href='#/e/{evaluation_id}']")).to_be_visible()
    check(reviewer, "review queue")
    reviewer.click(f"a[href='#/e/{evaluation_id}']")
    reviewer.wait_for_selector(".review-panel")
    expect(reviewer.locator(".photos img").first).to_have_attribute("src", re.compile("^blob:"))
    check(reviewer, "evaluation (reviewer)")
    reviewer.fill(".review-panel textarea", RETURN_COMMENT)
    reviewer.click(".review-panel button >> text=Zurückgeben")
    expect(reviewer.locator(".facts dd").first).to_contain_text("Zurückgegeben")

    tester.goto(live_world.url + "/#/assignments")
    card = tester.locator(".assignment", has_text="TeleMax Shop München")
    expect(card.locator(".returned")).to_contain_text(RETURN_COMMENT)
    open_assignment(tester, "TeleMax Shop München")
    expect(tester.locator(".card.returned")).to_contain_text(RETURN_COMMENT)
    text = tester.locator(".question.type-text:visible fieldset.answer textarea").first
    text.fill("Begrüßung nach 2 Minuten, Beratung ausführlich, Angebot per E-Mail zugesagt.")
    tester.wait_for_timeout(300)
    submit(tester, assignment["id"])
    wait_until_sent(tester)
    assert tester.locator(".outbox-item.sent").first.get_attribute("data-evaluation") == evaluation_id

    api = Api(live_world.url, live_world.emails["reviewer"])
    detail = api.ok("GET", f"/evaluations/{evaluation_id}")
    assert detail["status"] == "submitted" and detail["revision"] == 2

    reviewer.reload()
    reviewer.wait_for_selector(".review-panel")
    reviewer.click(".review-panel button >> text=Annehmen")
    expect(reviewer.locator(".review-panel button >> text=An Kunden veröffentlichen")).to_be_visible()
    reviewer.click(".review-panel button >> text=An Kunden veröffentlichen")
    expect(reviewer.locator(".facts dd").first).to_contain_text("Veröffentlicht")
    staff.close()

    customer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", accept_downloads=True)
    client = customer.new_page()
    log_in(client, live_world.url, live_world.emails["client"])
    check(client, "projects")
    client.click(f"a[href='#/projects/{live_world.project_id}']")
    client.wait_for_selector("table.heatmap")
    expect(client.locator(f".evaluation-row a[href='#/e/{evaluation_id}']")).to_be_visible()
    check(client, "project scores")
    with client.expect_download() as project_pdf:
        client.click("button >> text=Projektbericht (PDF)")
    assert project_pdf.value.path().read_bytes()[:5] == b"%PDF-"
    client.click(f"a[href='#/e/{evaluation_id}']")
    client.wait_for_selector("h1")
    expect(client.locator(".review-panel")).to_have_count(0)
    check(client, "evaluation (client)")
    with client.expect_download() as evaluation_pdf:
        client.click("button >> text=PDF-Bericht herunterladen")
    assert evaluation_pdf.value.path().read_bytes()[:5] == b"%PDF-"
    customer.close()

    assert {name: found for name, found in screens.items() if found} == {}
