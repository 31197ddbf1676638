"""An agency admin, end to end in the browser: a checked template, a project with imported locations, a plan
with the lockout, and the assigned tester finding the work in the field app."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import Page, expect

from tests.console.flows import PHONE, Api, log_in, screenshot

pytestmark = pytest.mark.e2e

NEW_KEY = "store-check-spree"
LOCATIONS_CSV = ("Kennung;Name;Art;Straße;PLZ;Ort;Land;Breitengrad;Längengrad\n"
                 "SP-01;Spree Mobil Friedrichstraße;Geschäft;Friedrichstraße 50;10117;Berlin;DE;52,5096;13,3889\n"
                 "SP-02;Spree Mobil Alexa;{kind};Grunerstraße 20;10179;Berlin;DE;52,5196;13,4153\n"
                 "SP-03;Spree Mobil Potsdam;Geschäft;Brandenburger Straße 1;14467;Potsdam;DE;52,4000;13,0560\n")
VALID = "Keine Fehler: die Vorlage kann veröffentlicht werden."


def planted_error(source: str) -> tuple[str, int]:
    """The template with an unknown touchpoint in the persona-only question sc_app_hint, and that line."""
    lines = source.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "- id: sc_app_hint")
    index = next(i for i in range(start, len(lines)) if lines[i].strip() == "touchpoint: advisor")
    lines[index] = lines[index].replace("advisor", "nowhere")
    return "\n".join(lines), index + 1


def create_template(page: Page, folder) -> None:
    page.click("nav#nav a[href='#/console']")
    expect(page.locator("main h1")).to_have_text("Checklisten-Vorlagen")
    page.click("text=Neue Vorlage")
    page.select_option("select[name=base]", "store-check")
    page.fill("input[name=key]", NEW_KEY)
    page.click("button:text('Im Editor öffnen')")
    expect(page.locator("main h1")).to_have_text(f"Neue Vorlage {NEW_KEY}")
    status = page.locator(".check-status")
    expect(status).to_have_text(VALID, timeout=20_000)
    editor = page.locator("textarea.code")
    source = editor.input_value()
    assert f"\nkey: {NEW_KEY}\n" in source

    broken, line = planted_error(source)
    editor.fill(broken)
    issue = page.locator(".issues button.issue").first
    expect(issue).to_contain_text(f"Zeile {line}", timeout=20_000)
    expect(issue).to_contain_text("nowhere")
    expect(page.locator(".gutter-line").nth(line - 1)).to_have_class(re.compile(r"\bmarked\b"))
    issue.click()
    screenshot(page, "flow-editor-error", folder)
    start, end, focused = page.evaluate(
        "() => { const a = document.querySelector('textarea.code');"
        " return [a.selectionStart, a.selectionEnd, document.activeElement === a]; }")
    assert focused
    assert broken[:start].count("\n") == line - 1 and broken[start:end] == broken.split("\n")[line - 1]

    editor.fill(source)
    expect(status).to_have_text(VALID, timeout=20_000)
    expect(page.locator(".gutter-line.marked")).to_have_count(0)

    phone = page.locator(".phone")
    page.click(".persona-switch label:text-is('Junge Digitale')")
    expect(phone.locator("#q-sc_app_hint")).to_be_visible()
    expect(phone.locator("#q-sc_business_terms")).to_be_hidden()
    page.click(".persona-switch label:text-is('Geschäftskunde')")
    expect(phone.locator("#q-sc_app_hint")).to_be_hidden()
    expect(phone.locator("#q-sc_business_terms")).to_be_visible()
    # Skip logic runs as on the phone: the eye-contact question follows a greeting.
    expect(phone.locator("#q-sc_greeting_eye_contact")).to_be_hidden()
    phone.locator("#q-sc_greeted .choice label", has_text="Ja").click()
    expect(phone.locator("#q-sc_greeting_eye_contact")).to_be_visible()

    page.click("button:text('Als Version 1 veröffentlichen')")
    expect(page.locator("main h1")).to_have_text(f"Vorlage {NEW_KEY}")
    expect(page.locator(".lead")).to_contain_text("Neueste Version: 1")


def create_client_with_locations(page: Page, tmp_path) -> None:
    page.click(".console-nav a:text-is('Kunden')")
    expect(page.locator("main h1")).to_have_text("Kunden")
    page.get_by_label("Name", exact=True).fill("Spree Mobil GmbH")
    page.click("button:text('Kunde anlegen')")
    expect(page.locator("main h1")).to_have_text("Spree Mobil GmbH")
    section = page.locator("section:has(#locations-title)")
    bad = tmp_path / "standorte-fehler.csv"
    bad.write_text(LOCATIONS_CSV.format(kind="Kiosk"), encoding="utf-8")
    section.locator("input[type=file]").set_input_files(str(bad))
    section.locator("button:text-is('Importieren')").click()
    expect(section.locator(".notice.error")).to_contain_text("nothing was imported")
    expect(section.locator("tr.row-error")).to_have_count(1)
    expect(section.locator("tr.row-error th")).to_have_text("3")
    expect(section.locator("tr.row-error")).to_contain_text("Art")
    good = tmp_path / "standorte.csv"
    good.write_text(LOCATIONS_CSV.format(kind="Geschäft"), encoding="utf-8")
    section.locator("input[type=file]").set_input_files(str(good))
    section.locator("button:text-is('Importieren')").click()
    expect(section.locator(".notice.ok")).to_contain_text("3 angelegt, 0 aktualisiert, 0 unverändert")
    expect(section.locator(".result-ok")).to_have_count(3)
    section.locator(".notice.ok").scroll_into_view_if_needed()
    screenshot(page, "flow-locations-imported", tmp_path)

    users = page.locator("section:has(#client-users)")
    users.get_by_label("Name").fill("Sven Spree")
    users.get_by_label("E-Mail").fill("sven@spree.example.org")
    users.locator("button:text('Zugang anlegen')").click()
    expect(users.locator(".notice.ok")).to_contain_text("Zugangsdaten für Sven Spree")
    expect(users.locator("tr", has_text="sven@spree.example.org")).to_contain_text("Spree Mobil GmbH")
    expect(section.locator("table.data").first).to_contain_text("Spree Mobil Potsdam")


def invite_tester(page: Page, folder) -> str:
    """Create a tester, then reset her password as an admin would; the password she gets in the end."""
    page.click(".console-nav a:text-is('Personen')")
    form = page.locator("form:has(h3:text('Person anlegen'))")
    form.get_by_label("Rolle").select_option("tester")
    form.get_by_label("Name").fill("Paula Prüferin")
    form.get_by_label("E-Mail").fill("paula@spree.example.org")
    form.locator("button[type=submit]").click()
    expect(page.locator(".notice.ok")).to_contain_text("Zugangsdaten für Paula Prüferin")
    row = page.locator("tr", has_text="paula@spree.example.org")
    row.locator("button", has_text="Passwort zurücksetzen").click()
    expect(page.locator(".notice.ok .credentials")).to_contain_text("paula@spree.example.org")
    screenshot(page, "flow-credentials", folder)
    password = page.locator(".notice.ok .credentials .password").inner_text()

    form.get_by_label("Rolle").select_option("reviewer")
    form.get_by_label("Name").fill("Rolf Revisor")
    form.get_by_label("E-Mail").fill("rolf@agency.example.org")
    form.locator("button[type=submit]").click()
    expect(page.locator(".notice.ok")).to_contain_text("Zugangsdaten für Rolf Revisor")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("tr", has_text="rolf@agency.example.org").locator("button", has_text="Deaktivieren").click()
    expect(page.locator("tr", has_text="rolf@agency.example.org")).to_contain_text("deaktiviert")
    return password


def create_project(page: Page) -> None:
    page.click(".console-nav a:text-is('Projekte')")
    form = page.locator("form:has(h2:text('Neues Projekt'))")
    form.get_by_label("Kunde").select_option(label="Spree Mobil GmbH")
    form.get_by_label("Projektname").fill("Spree Mobil Shop-Check 2027")
    form.get_by_label("Checkliste").select_option(NEW_KEY)
    expect(form.get_by_label("Version")).to_contain_text("v1")
    form.get_by_label("Name der Welle").fill("2027-Q1")
    form.get_by_label("Beginn").fill("2027-01-04")
    form.get_by_label("Ende").fill("2027-03-31")
    expect(form.locator(".picker-list input")).to_have_count(3)
    form.get_by_label("Alle Standorte").check()
    form.locator("button:text('Projekt anlegen')").click()
    expect(page.locator("main h1")).to_have_text("Spree Mobil Shop-Check 2027")


def plan_wave(page: Page, folder) -> None:
    page.click(".console-tabs a:text-is('Einsatzplanung')")
    bulk = page.locator("section:has(#plan-bulk)")
    expect(bulk.get_by_label("Zeitraum von")).to_have_value("2027-01-04")
    bulk.get_by_label("Tina Testerin").uncheck()
    bulk.locator("button:text('Vorschau berechnen')").click()
    expect(bulk.locator(".plan-summary")).to_have_text(
        "Vorschau: 6 Aufträge geplant, 3 nicht besetzbar, 0 schon vorhanden.")
    expect(bulk.locator("table.unstaffed tbody tr")).to_have_count(3)
    expect(bulk.locator("table.unstaffed")).to_contain_text("Sperrfrist")
    bulk.locator("button:text('Planung anlegen')").click()
    expect(bulk.locator(".notice.ok")).to_contain_text("6 Aufträge angelegt")
    bulk.locator(".plan-summary").scroll_into_view_if_needed()
    screenshot(page, "flow-plan-created", folder)


def test_an_admin_builds_a_template_and_a_project_and_the_tester_gets_the_work(browser, admin_page, console_server,
                                                                               tmp_path):
    page = admin_page
    create_template(page, tmp_path)
    create_client_with_locations(page, tmp_path)
    password = invite_tester(page, tmp_path)
    create_project(page)
    plan_wave(page, tmp_path)

    api = Api(console_server.url)
    people = {u["email"]: u for u in api.get("/users", limit=500)["items"]}
    assert people["sven@spree.example.org"]["role"] == "client" and people["sven@spree.example.org"]["client_id"]
    assert people["rolf@agency.example.org"]["role"] == "reviewer" and not people["rolf@agency.example.org"]["is_active"]
    project = next(p for p in api.get("/projects") if p["name"] == "Spree Mobil Shop-Check 2027")
    assert project["checklist"]["key"] == NEW_KEY
    made = api.get("/assignments", project_id=project["id"], limit=100)["items"]
    assert len(made) == 6
    # The lockout holds: no tester visits a location twice; the visits are spread evenly.
    assert len({(a["tester"]["id"], a["location"]["id"]) for a in made}) == 6
    assert sorted(Counter(a["tester"]["display_name"] for a in made).values()) == [3, 3]
    assert {a["persona"] for a in made} == {"young_digital", "business", "senior"}

    # One more visit by hand, for a tester already at that location: the lockout refuses it.
    taken = next(a for a in made if a["tester"]["display_name"] == "Paula Prüferin")
    single = page.locator("section:has(#plan-one)")
    single.get_by_label("Standort").select_option(str(taken["location"]["id"]))
    free = next(p for p in ("young_digital", "business", "senior")
                if not any(a["location"]["id"] == taken["location"]["id"] and a["persona"] == p for a in made))
    single.get_by_label("Persona").select_option(free)
    single.get_by_label("Tester").select_option(label="Paula Prüferin")
    single.locator("button:text('Auftrag vergeben')").click()
    expect(single.locator(".notice.error")).to_contain_text("Sperrfrist")
    assert len(api.get("/assignments", project_id=project["id"], limit=100)["items"]) == 6

    page.click(".console-tabs a:text-is('Fortschritt')")
    expect(page.locator(".stats .stat-open .stat-number")).to_have_text("6")

    phone = browser.new_context(**PHONE, locale="de-DE")
    try:
        field_app = phone.new_page()
        log_in(field_app, console_server.url, "paula@spree.example.org", password)
        expect(field_app.locator("main h1")).to_have_text("Meine Aufträge")
        for assignment in (a for a in made if a["tester"]["display_name"] == "Paula Prüferin"):
            expect(field_app.locator(".assignment", has_text=assignment["location"]["name"]).first).to_be_visible()
        expect(field_app.locator(".assignment")).to_have_count(3)
        screenshot(field_app, "flow-tester-assignments", tmp_path)
    finally:
        phone.close()
