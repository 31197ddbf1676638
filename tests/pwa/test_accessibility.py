"""axe-core on the screens the flows do not reach, in both languages, and proof that the check can fail."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pwa.flows import serious_violations

pytestmark = pytest.mark.e2e


def test_the_checker_finds_a_serious_violation(phone, shell_server):
    page = phone.new_page()
    page.goto(shell_server + "/")
    page.wait_for_selector("#login-email")
    page.evaluate("document.querySelector('#login-email').previousElementSibling.remove()")
    assert any(v.startswith("label") for v in serious_violations(page))


@pytest.mark.parametrize("language", ["de", "en"])
def test_login_screen_in_each_language(phone, shell_server, language):
    page = phone.new_page()
    page.goto(shell_server + "/")
    page.wait_for_selector("#login-email")
    page.click(".menu summary")
    page.select_option("#language-select", language)
    page.wait_for_function(f"document.documentElement.lang === '{language}'")
    # The language attribute changes before the screen is drawn again: wait for the heading.
    expect(page.locator("h1")).to_have_text({"de": "Anmelden", "en": "Log in"}[language])
    assert serious_violations(page) == []
