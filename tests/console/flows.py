"""Driving the console like an agency admin: log in, open a screen, check it with axe, keep a screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from backend.demo import DEMO_PASSWORD

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
ADMIN = "admin@demo.fieldcheck.dev"


def log_in(page: Page, url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(url + "/")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("form button[type=submit]")
    expect(page.locator("#login-email")).to_have_count(0, timeout=15_000)
    expect(page.locator("main h1")).to_be_visible()


def open_screen(page: Page, route: str, heading: str) -> None:
    """Go to a console address and wait until its screen has drawn its heading and settled."""
    page.evaluate("(hash) => { location.hash = hash; }", f"#/console{route}")
    expect(page.locator("main .console-content h1")).to_have_text(heading, timeout=15_000)
    page.wait_for_load_state("networkidle")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the current screen."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def screenshot(page: Page, name: str, fallback: Path) -> Path:
    """A full-window PNG, in FIELDCHECK_SCREENSHOTS when set (to look at), else in the test's folder."""
    folder = Path(os.environ.get("FIELDCHECK_SCREENSHOTS") or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"console-{name}.png"
    page.screenshot(path=str(path))
    return path


class Api:
    """The same API as the console, for checking what the server holds."""

    def __init__(self, url: str, email: str = ADMIN, password: str = DEMO_PASSWORD) -> None:
        self.http = httpx.Client(base_url=f"{url}/api/v1", timeout=60)
        token = self.http.post("/auth/login", json={"email": email, "password": password}).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params):
        response = self.http.get(path, params=params)
        assert response.is_success, f"GET {path}: {response.status_code} {response.text}"
        return response.json()
