"""Fixtures for the console tests: Debian's Chromium via Playwright and a real server with the demo agency."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.console.flows import ADMIN, DESKTOP, log_in


@pytest.fixture(scope="session")
def console_server(tmp_path_factory):
    """Our own demo server: the console tests add templates, clients and users the shared demo must not get."""
    from tests.live import prepare

    server = prepare(tmp_path_factory.mktemp("console-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def desktop(browser) -> Iterator[BrowserContext]:
    context = browser.new_context(**DESKTOP, locale="de-DE")
    yield context
    context.close()


@pytest.fixture
def admin_page(desktop, console_server) -> Page:
    page = desktop.new_page()
    log_in(page, console_server.url, ADMIN)
    return page
