"""Every console screen passes axe-core without a serious or critical finding; each is kept as a screenshot."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.console.flows import DESKTOP, Api, log_in, open_screen, screenshot, serious_violations

pytestmark = pytest.mark.e2e


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 160), "#c2185b").save(buffer, "PNG")
    return buffer.getvalue()


def second_version(source: str) -> str:
    """The mystery call with one question added, one removed, one reworded, and two weights moved."""
    lines = source.split("\n")
    start = lines.index("      - id: mc_anything_else")
    end = lines.index("      - id: mc_farewell")
    del lines[start:end]
    changed = "\n".join(lines)
    changed = changed.replace("Hat der Mitarbeitende aktiv Hilfe angeboten", "Hat der Mitarbeitende von sich aus Hilfe angeboten")
    changed = changed.replace(
        "        comment: required_on_fail\n      - id: mc_call_duration",
        "        comment: required_on_fail\n        weight: 2\n      - id: mc_call_duration")
    changed = changed.replace("      queue: 3\n", "      queue: 4\n", 1)
    return changed.replace("      - id: mc_greeting_emotion", (
        "      - id: mc_waiting_music\n        type: yes_no\n"
        "        text: {de: \"War die Wartemusik angenehm?\", en: \"Was the hold music pleasant?\"}\n"
        "        step: greeting\n        touchpoint: agent\n      - id: mc_greeting_emotion"), 1)


@pytest.fixture(scope="module")
def world(console_server):
    """A second version of the mystery call and a logo for TeleMax, so those screens have something to show."""
    api = Api(console_server.url)
    source = api.get("/checklists/mystery-calling/versions/1/source")["source"]
    published = api.http.post("/checklists/mystery-calling/versions", content=second_version(source).encode(),
                              headers={"Content-Type": "application/yaml"})
    assert published.status_code in (200, 201), published.text
    client = next(c for c in api.get("/clients") if c["name"] == "TeleMax Mobilfunk")
    assert api.http.put(f"/clients/{client['id']}/logo", files={"file": ("logo.png", png_bytes(), "image/png")}).is_success
    project = next(p for p in api.get("/projects") if p["name"] == "TeleMax Shop-Check 2026")
    return {"client": client, "project": project}


def test_every_console_screen_is_accessible_and_kept_as_a_screenshot(admin_page, world, tmp_path):
    page = admin_page
    client, project = world["client"], world["project"]
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        # The phone preview included: its question cards are the field app's own (durations among them).
        found[name] = serious_violations(page)
        screenshot(page, name, tmp_path)

    screens = [
        ("templates", "/templates", "Checklisten-Vorlagen"),
        ("template-new", "/templates/new", "Neue Vorlage aus einer bestehenden"),
        ("diff", "/templates/mystery-calling/diff/1/2", "Versionen von mystery-calling vergleichen"),
        ("clients", "/clients", "Kunden"),
        ("client", f"/clients/{client['id']}", client["name"]),
        ("projects", "/projects", "Projekte"),
        ("project", f"/projects/{project['id']}", project["name"]),
        ("progress", f"/projects/{project['id']}/progress", project["name"]),
        ("assignments", f"/projects/{project['id']}/assignments", project["name"]),
        ("people", "/people", "Personen"),
    ]
    for name, route, heading in screens:
        open_screen(page, route, heading)
        check(name)

    open_screen(page, "/templates/mystery-calling/diff/1/2", "Versionen von mystery-calling vergleichen")
    stats = [text.split("\n")[0] for text in page.locator(".stats .stat").all_inner_texts()]
    assert stats == ["1", "1", "1", "2"]  # added, removed, changed, weights (one question, one persona)
    expect(page.locator("tr.diff-added")).to_contain_text("mc_waiting_music")
    expect(page.locator("tr.diff-removed")).to_contain_text("mc_anything_else")

    open_screen(page, "/templates/mystery-calling", "Vorlage mystery-calling")
    expect(page.locator(".phone .question").first).to_be_visible(timeout=20_000)
    # Photos work in the preview too, and stay in the browser.
    photo_card = page.locator(".phone .question.type-photo").first
    photo_card.locator("input[type=file]").set_input_files(
        files=[{"name": "shot.png", "mimeType": "image/png", "buffer": png_bytes()}])
    expect(photo_card.locator(".photos img[src^='blob:']")).to_have_count(1)
    check("editor")
    editor = page.locator("textarea.code")
    editor.fill(editor.input_value().replace("kind: mystery_calling", "kind: mystery_call", 1))
    expect(page.locator(".issues .issue").first).to_be_visible(timeout=20_000)
    check("editor-problems")

    open_screen(page, f"/projects/{project['id']}/plan", project["name"])
    page.locator("section:has(#plan-bulk) button:text('Vorschau berechnen')").click()
    expect(page.locator(".plan-summary")).to_be_visible()
    check("plan")

    open_screen(page, "/clients/999999", "Das hat nicht geklappt")
    expect(page.locator(".console-content [role=alert]")).to_contain_text("Client 999999 was not found")
    expect(page.locator(".console-nav a[aria-current=page]")).to_have_text("Kunden")
    check("error")

    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_console_speaks_english_too(browser, console_server):
    context = browser.new_context(**DESKTOP, locale="en-GB")
    try:
        page = context.new_page()
        log_in(page, console_server.url, "admin@demo.fieldcheck.dev")
        expect(page.locator("nav#nav a[href='#/console']")).to_have_text("Console")
        open_screen(page, "/people", "People")
        expect(page.locator(".console-nav")).to_contain_text("Templates")
        expect(page.locator("form button[type=submit]")).to_have_text("Create account")
    finally:
        context.close()


def test_the_check_finds_a_serious_violation_on_a_console_screen(admin_page):
    open_screen(admin_page, "/templates/new", "Neue Vorlage aus einer bestehenden")
    admin_page.evaluate("document.querySelector('input[name=key]').labels[0].remove()")
    assert any(v.startswith("label") for v in serious_violations(admin_page))


def test_the_template_key_pattern_is_one_the_browser_applies(admin_page):
    """Chromium compiles `pattern` with the v flag and silently drops one that does not compile."""
    open_screen(admin_page, "/templates/new", "Neue Vorlage aus einer bestehenden")
    key = admin_page.locator("input[name=key]")
    for value, mismatch in (("Bad Key", True), ("-first", True), ("store-check_2", False)):
        key.fill(value)
        assert key.evaluate("(input) => input.validity.patternMismatch") is mismatch, value
