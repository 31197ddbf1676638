"""The evidence chain from the phone to the PDF: one local time everywhere, proof of visit kept in a correction."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser import PHONE
from tests.pwa.flows import (
    fill_checklist, log_in, open_assignment, snapshot, submit, wait_for_service_worker, wait_until_sent,
)
from tests.pwa.live import Api, own_assignment

pytestmark = pytest.mark.e2e
LOCATION = "TeleMax Shop Beweiskette"
BERLIN = ZoneInfo("Europe/Berlin")
SHOP = {"latitude": 52.5163, "longitude": 13.3777}
DEVICE = {"latitude": 52.5164, "longitude": 13.3779, "accuracy": 8}


@pytest.fixture(scope="module")
def evidence_assignment(live_world) -> dict:
    """An assignment of its own at a Berlin location with coordinates."""
    return own_assignment(live_world, code="TM-BEWEIS", name=LOCATION, street="Pariser Platz 1",
                          time_zone="Europe/Berlin", **SHOP)


def berlin_clock(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(BERLIN).strftime("%H:%M")


def utc_clock(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%H:%M")


def pdf_text(api: Api, evaluation_id: str) -> str:
    response = api.http.get(f"/evaluations/{evaluation_id}/report.pdf", params={"lang": "de"})
    assert response.status_code == 200, response.text
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_one_local_time_from_phone_to_pdf_and_a_correction_keeps_the_proof(
        browser, live_world, evidence_assignment, photo_file):
    berlin_phone = browser.new_context(**PHONE, locale="de-DE", timezone_id="Europe/Berlin",
                                       geolocation=DEVICE, permissions=["geolocation"])
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-DE", timezone_id="Europe/Berlin")
    try:
        page = berlin_phone.new_page()
        log_in(page, live_world.url, live_world.emails["tester"])
        wait_for_service_worker(page)
        open_assignment(page, LOCATION)
        page.click(".visit button.primary")  # "Besuch starten" records the position too
        expect(page.locator(".visit")).to_contain_text("Standort erfasst", timeout=15_000)
        fill_checklist(page, photo_file)
        submit(page, evidence_assignment["id"])
        wait_until_sent(page)

        reviewer = Api(live_world.url, live_world.emails["reviewer"])
        evaluation = next(e for e in reviewer.ok("GET", "/evaluations", params={"limit": 500})["items"]
                          if e["assignment_id"] == evidence_assignment["id"])
        detail = reviewer.ok("GET", f"/evaluations/{evaluation['id']}")
        started = detail["visit_started_at"]
        assert started.endswith("Z") and detail["submitted_at"].endswith("Z")
        local, utc = berlin_clock(started), utc_clock(started)
        assert local != utc
        # A test visit lasts seconds: the one doubt raised, and no other (the position is near the shop).
        assert [f["code"] for f in detail["flags"]] == ["visit_too_short"]
        assert detail["position"]["latitude"] == pytest.approx(DEVICE["latitude"])

        # The reviewer's screen, on a desk in Berlin, shows the phone's local time.
        review_page = desk.new_page()
        log_in(review_page, live_world.url, live_world.emails["reviewer"])
        persona = live_world.checklist["definition"]["personas"][0]
        queue_row = review_page.locator(".evaluation-row", has=review_page.locator(f"a[href='#/e/{evaluation['id']}']"))
        expect(queue_row).to_contain_text(persona["title"]["de"])  # titles, never ids
        expect(queue_row).not_to_contain_text(persona["id"])
        expect(queue_row).to_contain_text("Der Besuch dauerte nur")
        review_page.goto(f"{live_world.url}/#/e/{evaluation['id']}")
        facts = review_page.locator("dl.facts").first
        visit_line = facts.locator("dt:text-is('Besuch') + dd")
        expect(visit_line).to_contain_text(local)
        expect(visit_line).not_to_contain_text(utc)
        expect(facts).to_contain_text("Entfernung zum Standort")
        expect(facts).to_contain_text(" m")
        expect(facts).to_contain_text("Der Besuch dauerte nur")
        expect(facts).not_to_contain_text("The visit took")
        snapshot(review_page, "review-proof-of-visit")

        # The PDF prints the same local time.
        reviewer.ok("POST", f"/evaluations/{evaluation['id']}/review", json={"action": "approve"})
        text = pdf_text(reviewer, evaluation["id"])
        assert local in text and utc not in text.split("Besuchsnachweis")[-1]

        # Returned: the phone's draft keeps the visit's position and start, the correction sends them again.
        reviewer.ok("POST", f"/evaluations/{evaluation['id']}/review",
                    json={"action": "return", "comment": "Bitte die Beratung genauer beschreiben."})
        berlin_phone.set_geolocation(None)
        berlin_phone.clear_permissions()  # a second position could not be recorded now
        page.goto(f"{live_world.url}/#/")
        page.reload()
        expect(page.locator(f".assignment:has-text('{LOCATION}')")).to_contain_text(
            "Bitte die Beratung", timeout=30_000)
        open_assignment(page, LOCATION)
        visit = page.locator(".visit")
        expect(visit).to_contain_text("Standort erfasst")
        expect(visit).to_contain_text(local)
        snapshot(page, "returned-draft-keeps-the-visit")
        submit(page, evidence_assignment["id"])
        wait_until_sent(page)

        corrected = reviewer.ok("GET", f"/evaluations/{evaluation['id']}")
        assert corrected["revision"] == 2
        assert corrected["visit_started_at"] == started
        assert corrected["position"]["latitude"] == pytest.approx(DEVICE["latitude"])
        assert not [f for f in corrected["flags"] if f["code"] == "position_missing"]
        reviewer.ok("POST", f"/evaluations/{evaluation['id']}/review", json={"action": "approve"})
        text = pdf_text(reviewer, evaluation["id"])
        proof = text.split("Besuchsnachweis")[-1]
        assert local in proof
        assert "Entfernung des Geräts zum Standort k. A." not in proof
    finally:
        berlin_phone.close()
        desk.close()
