"""/docs works on a machine without internet: Swagger UI renders from this server's own files."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_with_every_other_site_unreachable(browser, demo_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    foreign: list[str] = []

    def only_this_server(route):
        if urlparse(route.request.url).netloc == urlparse(demo_server.url).netloc:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_server)
    try:
        page = context.new_page()
        page.goto(f"{demo_server.url}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("fieldcheck", timeout=30_000)
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/evaluations/{evaluation_id}").first).to_be_visible()
        assert foreign == []
    finally:
        context.close()
