"""The field app on a German phone in Berlin: one clear state per card, views that open at their top and
come back where they were, answers that say they are stored, a section index in reach, "next open
question", labelled emotion faces, and the proof-of-visit warning before sending."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import PHONE
from tests.pwa.flows import fill_checklist, log_in, serious_violations, submit, wait_for_service_worker, wait_until_sent
from tests.pwa.live import ADMIN, Api

pytestmark = pytest.mark.e2e
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
BERLIN = {"locale": "de-DE", "timezone_id": "Europe/Berlin"}
HAMBURG = {"latitude": 53.5511, "longitude": 9.9937, "accuracy": 12}  # ~255 km from the shops in Berlin
SHOTS = Path(os.environ.get("FIELDCHECK_SCREENSHOTS", "/tmp/field-shots"))
NOTES = "sc_consultation_notes"  # a text answer, stored through the keystroke journal


def shot(page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture(scope="module")
def field(live_world) -> dict:
    """Assignments of their own (Berlin shops): new, overdue, upcoming, one per screen size, one to send."""
    admin = Api(live_world.url, ADMIN)
    names = {"new": "Feld Neu", "overdue": "Feld Überfällig", "upcoming": "Feld Später",
             "phone": "Feld Telefon", "desktop": "Feld Desktop", "send": "Feld Senden"}
    locations = {key: admin.ok("POST", "/locations", json={
        "client_id": live_world.client_id, "code": f"FELD-{n}", "name": name, "kind": "store", "street": "Feldweg 1",
        "postal_code": "10117", "city": "Berlin", "latitude": 52.52, "longitude": 13.40, "time_zone": "Europe/Berlin"})
        for n, (key, name) in enumerate(names.items())}
    project = admin.ok("POST", "/projects", json={
        "client_id": live_world.client_id, "checklist_version_id": live_world.checklist["version_id"],
        "name": "TeleMax Feld", "waves": [{"name": "2026-Q4"}], "location_ids": [loc["id"] for loc in locations.values()]})
    tester = next(u for u in admin.ok("GET", "/users", params={"role": "tester"})["items"]
                  if u["email"] == live_world.emails["tester"])
    today = date.today()
    windows = {"overdue": (-6, -1), "upcoming": (3, 10)}
    assignments = {}
    for key, location in locations.items():
        first, last = windows.get(key, (-1, 7))
        assignments[key] = admin.ok("POST", "/assignments", json={
            "project_id": project["id"], "location_id": location["id"],
            "persona": live_world.checklist["definition"]["personas"][0]["id"], "tester_id": tester["id"],
            "wave_id": project["waves"][0]["id"], "window_start": (today + timedelta(days=first)).isoformat(),
            "window_end": (today + timedelta(days=last)).isoformat()})
        assignments[key]["name"] = names[key]
    return assignments


def logged_in_tester(browser, live_world, *, size=PHONE, **options):
    context = browser.new_context(**size, **BERLIN, **options)
    page = context.new_page()
    log_in(page, live_world.url, live_world.emails["tester"])
    wait_for_service_worker(page)
    return context, page


def card_of(page, name: str):
    return page.locator(".assignment", has=page.locator(f"h2 :text-is('{name}')"))


def test_each_card_carries_one_clear_state(browser, live_world, field):
    context, page = logged_in_tester(browser, live_world)
    try:
        new, overdue, upcoming = (card_of(page, field[k]["name"]) for k in ("new", "overdue", "upcoming"))
        expect(new.locator(".tag")).to_have_text("Neu")
        expect(overdue.locator(".tag")).to_have_text("Überfällig")
        until = date.fromisoformat(field["overdue"]["window_end"]) + timedelta(days=7)
        expect(overdue.locator(".overdue-notice")).to_contain_text(f"Bis {until.strftime('%d.%m.%Y')}")
        start = date.fromisoformat(field["upcoming"]["window_start"])
        expect(upcoming.locator(".tag")).to_have_text(f"Ab {start.strftime('%d.%m.%Y')}")
        for card in (new, overdue, upcoming):
            expect(card.locator(".tag")).to_have_count(1)
        assert serious_violations(page) == []
        overdue.scroll_into_view_if_needed()
        shot(page, "assignments-states", full_page=True)
    finally:
        context.close()


def test_a_view_opens_at_its_top_and_back_or_reload_returns_to_the_place(browser, live_world, field):
    context, page = logged_in_tester(browser, live_world)
    try:
        cards = page.locator(".assignment")
        assert cards.count() >= 8
        last = cards.last
        last.scroll_into_view_if_needed()
        page.wait_for_timeout(400)
        list_y = page.evaluate("scrollY")
        assert list_y > 1000
        last.locator("a.stretched").click()
        page.wait_for_selector(".question")
        assert page.evaluate("scrollY") == 0
        page.go_back()
        page.wait_for_selector(".assignment")
        expect(page.locator("h1")).to_have_text("Meine Aufträge")
        page.wait_for_function(f"Math.abs(scrollY - {list_y}) < 30")

        card_of(page, field["new"]["name"]).locator("a.stretched").click()
        page.wait_for_selector(".question")
        assert page.evaluate("scrollY") == 0
        target = page.locator(f"#q-{NOTES}")
        target.scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(500)
        before = target.bounding_box()["y"]
        page.reload()
        page.wait_for_selector(f"#q-{NOTES}")
        page.wait_for_function(f"Math.abs(document.getElementById('q-{NOTES}').getBoundingClientRect().top - {before}) < 4",
                               timeout=10_000)
    finally:
        context.close()


STORED_ANSWER = """async ([assignmentId, questionId]) => {
  const db = await new Promise((ok, fail) => { const r = indexedDB.open("fieldcheck"); r.onsuccess = () => ok(r.result); r.onerror = fail; });
  const drafts = await new Promise((ok) => { const r = db.transaction("drafts").objectStore("drafts").getAll(); r.onsuccess = () => ok(r.result); });
  db.close();
  const draft = drafts.find((d) => d.assignment_id === assignmentId && d.state === "draft");
  return draft && draft.answers[questionId] ? draft.answers[questionId].value : null;
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_answers_say_they_are_stored_and_the_index_stays_in_reach(browser, live_world, field, size):
    assignment = field[size]
    context, page = logged_in_tester(browser, live_world, size=PHONE if size == "phone" else DESKTOP)
    try:
        card_of(page, assignment["name"]).locator("a.stretched").click()
        page.wait_for_selector(".question")
        notes = page.locator(f"#q-{NOTES}")
        notes.locator("fieldset.answer textarea").fill("Beratung ruhig und klar.")
        state = notes.locator(".save-state")
        expect(state).to_have_text("Gespeichert")
        # "Gespeichert" is what IndexedDB holds, not a hope.
        assert page.evaluate(STORED_ANSWER, [assignment["id"], NOTES]) == "Beratung ruhig und klar."
        expect(page.locator(".form-save-state")).to_have_text("Auf dem Gerät gespeichert")

        # Far down a long checklist the section index is still under the top bar.
        page.mouse.wheel(0, 6000)
        page.wait_for_timeout(300)
        strip = page.locator(".section-strip").bounding_box()
        topbar = page.locator(".topbar").bounding_box()
        assert abs(strip["y"] - (topbar["y"] + topbar["height"])) < 2, (strip, topbar)
        expect(page.locator(".section-strip a[aria-current]")).to_have_count(1)

        # "Next open question" goes to the first unanswered required question after this place.
        page.evaluate("scrollTo(0, 0)")
        page.click(".bottom-bar button >> text=Nächste offene Frage")
        focused = page.evaluate("document.activeElement.closest('.question').dataset.question")
        first_open = page.evaluate("""() => [...document.querySelectorAll('.question')]
          .find((q) => !q.hidden && !q.classList.contains('complete') && q.querySelector('.req')).dataset.question""")
        assert focused == first_open
        box = page.locator(f"#q-{focused}").bounding_box()
        assert strip["height"] + topbar["height"] <= box["y"] < page.viewport_size["height"] / 2
        page.click(".bottom-bar button >> text=Nächste offene Frage")
        assert page.evaluate("document.activeElement.closest('.question').dataset.question") != focused

        # Jumping to a section by the index.
        page.locator(".section-strip a").nth(3).click()
        expect(page.locator(".section-strip a").nth(3)).to_have_attribute("aria-current", "location")
        assert serious_violations(page) == []
        shot(page, f"fill-{size}-index-and-saved")
        notes.scroll_into_view_if_needed()
        shot(page, f"fill-{size}-question-saved")
    finally:
        context.close()


@pytest.mark.parametrize("locale,labels", [
    ("de-DE", ["sehr schlecht", "schlecht", "neutral", "gut", "sehr gut"]),
    ("en-GB", ["very bad", "bad", "neutral", "good", "very good"]),
])
def test_emotion_faces_say_what_they_mean(browser, live_world, field, locale, labels):
    context = browser.new_context(**PHONE, locale=locale, timezone_id="Europe/Berlin")
    page = context.new_page()
    try:
        log_in(page, live_world.url, live_world.emails["tester"])
        card_of(page, field["new"]["name"]).locator("a.stretched").click()
        emotion = page.locator(".question.type-emotion").first
        emotion.scroll_into_view_if_needed()
        expect(emotion.locator(".face-label")).to_have_text(labels)
        for label in labels:
            expect(emotion.get_by_role("radio", name=label, exact=True)).to_have_count(1)
        # Every word fits its face's button on a 390 px phone: no word is broken, no label overflows.
        assert emotion.evaluate("""(card) => [...card.querySelectorAll('.face-label')].every((label) => {
          const range = document.createRange();
          return label.textContent.split(' ').every((word, i, words) => {
            const offset = words.slice(0, i).join(' ').length + (i ? 1 : 0);
            range.setStart(label.firstChild, offset);
            range.setEnd(label.firstChild, offset + word.length);
            return range.getClientRects().length === 1;
          }) && label.closest('label').scrollWidth <= label.closest('label').clientWidth + 1;
        })""")
        emotion.get_by_role("radio", name=labels[3], exact=True).check(force=True)
        page.wait_for_timeout(200)
        if locale == "de-DE":
            assert serious_violations(page) == []
        emotion.screenshot(path=str(SHOTS / f"emotion-{locale}.png"))
    finally:
        context.close()


def test_the_phone_warns_as_the_server_will_flag_and_never_blocks(browser, live_world, field, photo_file):
    assignment = field["send"]
    context, page = logged_in_tester(browser, live_world, geolocation=HAMBURG, permissions=["geolocation"])
    try:
        card_of(page, assignment["name"]).locator("a.stretched").click()
        page.wait_for_selector(".question")
        fill_checklist(page, photo_file)  # the first answer starts the visit; no position recorded yet
        page.click(f"a[href='#/a/{assignment['id']}/submit']")
        warning = page.locator(".card.warning")
        expect(warning.locator("li[data-code=visit_too_short]")).to_contain_text("kürzer als 3 Minuten")
        expect(warning.locator("li[data-code=position_missing]")).to_have_text(
            "Für diesen Besuch vor Ort ist kein Standort erfasst.")
        assert serious_violations(page) == []
        shot(page, "submit-warning-no-position", full_page=True)

        warning.locator("button >> text=Standort erfassen").click()
        far = page.locator(".card.warning li[data-code=far_from_location]")
        expect(far).to_contain_text("km vom Auftragsort entfernt, mehr als 500 m")
        expect(page.locator(".card.warning li[data-code=position_missing]")).to_have_count(0)
        send = page.locator("button.primary >> text=Auswertung senden")
        expect(send).to_be_enabled()
        shot(page, "submit-warning-far", full_page=True)
        predicted = page.locator(".card.warning").get_attribute("data-codes").split()
        submit(page, assignment["id"])
        wait_until_sent(page)
        evaluation_id = page.locator(".outbox-item.sent").first.get_attribute("data-evaluation")

        # The server flags what the phone said it would.
        reviewer = Api(live_world.url, live_world.emails["reviewer"])
        flags = reviewer.ok("GET", f"/evaluations/{evaluation_id}")["flags"]
        assert sorted(f["code"] for f in flags) == sorted(predicted)

        # Returned for correction: "Zur Korrektur", never "Neu".
        reviewer.ok("POST", f"/evaluations/{evaluation_id}/review", json={"action": "return", "comment": "Bitte Foto ergänzen."})
        page.goto(live_world.url + "/#/assignments")
        card = card_of(page, assignment["name"])
        expect(card.locator(".tag")).to_have_text("Zur Korrektur")
        expect(card.locator("p.returned")).to_contain_text("Bitte Foto ergänzen.")
        assert serious_violations(page) == []
        card.scroll_into_view_if_needed()
        shot(page, "assignments-returned")
    finally:
        context.close()
