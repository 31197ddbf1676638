"""No keystroke is lost: typing fast on a slow phone and reloading at once keeps every character."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import log_in, open_assignment, wait_for_service_worker
from tests.pwa.live import own_assignment

pytestmark = pytest.mark.e2e
LOCATION = "TeleMax Shop Tippen"
SLOWDOWN = 6
KEY_DELAY_MS = 30
NOTES = "sc_consultation_notes"  # a text answer with an optional comment
COUNT = "sc_alternatives_count"  # a number answer, saved on input like text
TEXT = "Beraterin nannte drei Tarife, Preise klar, Übergabe zügig ok"
COMMENT = "Kommentar: Wartezeit 4 Min., danach freundlich und klar, top"


@pytest.fixture(scope="module")
def typing_assignment(live_world) -> dict:
    """An assignment of its own at a location of its own, so that no other test's draft is in the way."""
    return own_assignment(live_world, code="TM-TIPP", name=LOCATION, street="Tastenweg 6", latitude=52.51,
                          longitude=13.39)


@pytest.fixture
def slow_phone(phone, live_world, typing_assignment):
    """The tester's phone on the typing assignment, its CPU slowed down like a cheap phone's."""
    page = phone.new_page()
    log_in(page, live_world.url, live_world.emails["tester"])
    wait_for_service_worker(page)
    open_assignment(page, LOCATION)
    cdp = phone.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
    yield page
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})


def type_then_reload(page, field_selector: str, text: str) -> None:
    field = page.locator(field_selector)
    field.click()
    field.press_sequentially(text, delay=KEY_DELAY_MS)
    page.reload()


def test_text_answer_and_comment_survive_an_immediate_reload(slow_phone):
    page = slow_phone
    assert len(TEXT) == 60 and len(COMMENT) == 60
    answer = f"#q-{NOTES} fieldset.answer textarea"
    type_then_reload(page, answer, TEXT)
    expect(page.locator(answer)).to_have_value(TEXT, timeout=30_000)

    page.click(f"#q-{NOTES} .comment button.link")
    comment = f"#q-{NOTES} .comment-field textarea"
    type_then_reload(page, comment, COMMENT)
    expect(page.locator(comment)).to_have_value(COMMENT, timeout=30_000)
    # The answer typed before is still there: the comment's edits did not write an older answer back.
    expect(page.locator(answer)).to_have_value(TEXT)


def test_number_answer_survives_an_immediate_reload(slow_phone):
    page = slow_phone
    field = f"#q-{COUNT} input[type=number]"
    digits = "987654321012345"  # as many digits as a double holds exactly
    type_then_reload(page, field, digits)
    expect(page.locator(field)).to_have_value(digits, timeout=30_000)
