"""Drive the PWA like a person: log in, fill a checklist question by question, submit, wait for the outbox."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect

from tests.pwa.live import PASSWORD


def camera_photo(path: Path, *, size: tuple[int, int] = (3000, 2000), color: str = "#3a7bd5") -> Path:
    """A JPEG as big as a phone camera's, larger than the 2048 px the app keeps."""
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 200):
        image.paste("#f5c542", (x, 0, x + 60, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/")
    page.fill("#login-email", email)
    page.fill("#login-password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("main h1 >> text=/Aufträge|Prüfung|Projekte|assignments|Review|Projects/")


def wait_for_service_worker(page: Page) -> None:
    """Until the page is controlled by the service worker, which has precached the shell."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)


def open_assignment(page: Page, location_name: str) -> None:
    page.click(f".assignment a:text-is('{location_name}')")
    page.wait_for_selector(".question")


def answer(page: Page, card, photo: Path) -> None:
    """Answer one visible question card with a good answer of its type, plus the photos it asks for."""
    kind = next(c for c in card.get_attribute("class").split() if c.startswith("type-"))[5:]
    choices = card.locator(".choice label")
    if kind in ("yes_no", "single_choice", "multi_choice"):
        choices.first.click()
    elif kind in ("scale", "nps", "emotion"):
        choices.last.click()
    elif kind == "number":
        field = card.locator("input[type=number]")
        minimum = field.get_attribute("min")
        field.fill(minimum if minimum else "1")
    elif kind == "duration":
        card.locator("input.duration").fill("0:30")
        card.locator("input.duration").press("Tab")
    elif kind == "text":
        card.locator("fieldset.answer textarea").fill("Alles wie erwartet.")
    elif kind == "date":
        card.locator("input[type=date]").fill(date.today().isoformat())
    elif kind == "time":
        card.locator("input[type=time]").fill("10:30")
    box = card.locator(".photo-box")
    if box.count():
        wanted = max(int(box.get_attribute("data-min") or 0), 1 if kind == "photo" else 0)
        for n in range(wanted):
            card.locator("input[type=file]").set_input_files(str(photo))
            expect(card.locator(".photos li")).to_have_count(n + 1, timeout=15_000)
    settle(page, card)


def settle(page: Page, card) -> None:
    """Wait until the card is complete, explaining a failed item in its comment when the checklist asks."""
    for _ in range(100):
        if "complete" in (card.get_attribute("class") or ""):
            return
        comment = card.locator(".comment-field textarea[required]")
        if comment.count() and comment.is_visible() and not comment.input_value():
            comment.fill("Beobachtet und notiert.")
        page.wait_for_timeout(50)
    raise AssertionError(f"question {card.get_attribute('data-question')} is not complete: "
                         f"{card.locator('.problem').inner_text()}")


def fill_checklist(page: Page, photo: Path, *, stop_after: int | None = None, skip: set[str] | None = None) -> set[str]:
    """Answer every visible question in order (skip logic may reveal more); returns the ids answered."""
    answered: set[str] = set(skip or ())
    while True:
        pending = [card for card in page.locator(".question:visible").all()
                   if card.get_attribute("data-question") not in answered]
        if not pending or (stop_after is not None and len(answered) >= stop_after):
            return answered
        card = pending[0]
        answer(page, card, photo)
        answered.add(card.get_attribute("data-question"))


def submit(page: Page, assignment_id: int) -> None:
    """Go to the review screen, check nothing is missing, and put the evaluation in the outbox."""
    target = f"#/a/{assignment_id}/submit"
    if not page.url.endswith(target):
        page.click(f"a[href='{target}']")
    page.wait_for_selector("h1 >> text=/Prüfen & senden|Review & send/")
    missing = page.locator("ul.missing li")
    assert missing.count() == 0, missing.all_inner_texts()
    page.click("button.primary >> text=/senden|Send/i")
    page.wait_for_selector(".outbox-item")


def wait_until_sent(page: Page, timeout: float = 60_000) -> None:
    expect(page.locator(".outbox-item.pending, .outbox-item.set_aside, .outbox-item.blocked")).to_have_count(
        0, timeout=timeout)
    expect(page.locator(".outbox-item.sent").first).to_be_visible()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the current screen."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def snapshot(page: Page, name: str) -> None:
    """A full-page screenshot into $FIELDCHECK_SCREENSHOTS, for a person to look at the screens."""
    folder = os.environ.get("FIELDCHECK_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
