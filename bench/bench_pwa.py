"""PWA: bytes a new phone downloads for the app shell (gzip vs raw), and rendering a 100-question checklist
in Chromium with 4x CPU slowdown (vs rendering an empty checklist screen, measured in the same run)."""

from __future__ import annotations

import gzip
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from backend.shell import PWA_DIR, Shell, build_router  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.pwa.conftest import ThreadedServer, shell_app  # noqa: E402

QUESTION_TYPES = ["yes_no", "single_choice", "multi_choice", "scale", "number", "duration",
                  "text", "photo", "date", "time", "nps", "emotion"]
ROUNDS = 7
CPU_SLOWDOWN = 4


def shell_sizes() -> tuple[int, int]:
    """Raw and gzip-compressed bytes of every precached file, as the server sends them."""
    app = FastAPI()
    app.include_router(build_router(PWA_DIR))
    client = TestClient(app)
    raw = compressed = 0
    for url in [*Shell(PWA_DIR).snapshot().urls, "/sw.js"]:
        body = client.get(url).content
        raw += len(body)
        compressed += len(gzip.compress(body, compresslevel=6))
    return raw, compressed


def question(index: int) -> dict:
    kind = QUESTION_TYPES[index % len(QUESTION_TYPES)]
    q = {"id": f"q{index}", "type": kind, "text": {"de": f"Frage {index}: Wurden Sie freundlich begrüßt?",
                                                    "en": f"Question {index}"},
         "help": {"de": "Hinweis zur Frage", "en": "Help"}, "step": "visit", "touchpoint": "desk",
         "required": True, "comment": "required_on_fail" if kind == "yes_no" else "optional"}
    if kind in ("single_choice", "multi_choice"):
        q["options"] = [{"value": f"o{n}", "label": f"Option {n}", "points": n} for n in range(4)]
    if kind == "number":
        q["bands"] = [{"max": 3, "points": 2}, {"max": 10, "points": 1}]
    if index % 10 == 9:
        q["show_if"] = {"question": f"q{index - 9}", "equals": True}
    return q


def assignment(assignment_id: int, questions: int) -> dict:
    sections = [{"id": f"s{n}", "title": f"Abschnitt {n}",
                 "questions": [question(i) for i in range(n * 10, min(questions, n * 10 + 10))]}
                for n in range(max(1, (questions + 9) // 10))]
    definition = {"key": "bench", "kind": "store_check", "title": "Bench", "steps": [{"id": "visit", "title": "V"}],
                  "touchpoints": [{"id": "desk", "title": "D", "channel": "offline"}],
                  "personas": [{"id": "young", "title": "Young"}], "sections": sections}
    return {"id": assignment_id, "project": {"id": 1, "name": "Bench"}, "wave": None,
            "location": {"id": 1, "name": "Shop", "kind": "store", "street": None, "postal_code": None, "city": None,
                         "latitude": None, "longitude": None, "phone": None, "url": None},
            "persona": {"id": "young", "title": "Young", "description": None},
            "window_start": "2026-01-01", "window_end": "2026-12-31",
            "checklist": {"version_id": 1, "key": "bench", "version": 1, "kind": "store_check", "title": "Bench",
                          "definition": definition},
            "evaluation": None}


RENDER = """
async (hash) => {
  const start = performance.now();
  location.hash = hash;
  // Rendered when the bottom bar (added last, in the same task as every question card) is in place.
  const deadline = start + 60000;
  while (!document.querySelector("main .bottom-bar")) {
    if (performance.now() > deadline) throw new Error("the checklist did not render within a minute");
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - start;
}
"""


def render_times() -> tuple[float, float]:
    """Median ms to render the 100-question checklist and the empty one."""
    assignments = [assignment(1, 100), assignment(2, 0)]
    user = {"id": 1, "email": "t@example.org", "display_name": "T", "role": "tester", "client_id": None}

    def api(route):
        if route.request.url.endswith("/me/assignments"):
            return route.fulfill(json=assignments)
        return route.fulfill(status=503, json={"code": "offline_bench", "detail": "bench"})

    with ThreadedServer(shell_app()) as server, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE, service_workers="block")
        page = context.new_page()
        page.route("**/api/v1/**", api)
        page.goto(server.url + "/")
        page.wait_for_selector("#login-email")
        page.evaluate("""async (user) => {
            const store = await import("/js/store.js");
            await store.setSession({ token: "bench", expires_at: "2099-01-01T00:00:00Z", user });
            const { refreshAssignments } = await import("/js/assignments.js");
            await refreshAssignments();
        }""", user)
        page.reload()
        page.wait_for_selector("#login-email")
        page.evaluate("location.hash = '#/assignments'")
        page.wait_for_selector(".assignment")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        full, empty = [], []
        for _ in range(ROUNDS):
            for target, times in (("#/a/1", full), ("#/a/2", empty)):
                page.evaluate("location.hash = '#/outbox'")
                page.wait_for_selector("main h1")
                times.append(page.evaluate(RENDER, target))
        count = page.evaluate("document.querySelectorAll('#view .question').length")
        assert count == 0, "the last render was the empty checklist"
        page.evaluate("location.hash = '#/a/1'")
        page.wait_for_function("document.querySelectorAll('#view .question').length === 100")
        browser.close()
    return statistics.median(full), statistics.median(empty)


def main() -> None:
    raw, compressed = shell_sizes()
    print(f"app shell: {raw / 1024:.1f} KiB raw, {compressed / 1024:.1f} KiB gzip")
    print(f"BENCH pwa_shell_gzip {compressed / 1024:.1f} KiB ratio={compressed / raw:.3f}")
    full, empty = render_times()
    print(f"render at {CPU_SLOWDOWN}x CPU slowdown: 100 questions {full:.0f} ms, empty checklist {empty:.0f} ms")
    print(f"BENCH pwa_render_100q {full:.0f} ms ratio={full / empty:.2f}")


if __name__ == "__main__":
    main()
