import asyncio
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from pypdf import PdfReader

from backend.reports.render import render_evaluation_pdf
from backend.reports.workers import RenderPool

from .factories import photo_jpeg, project_report, worked_example

PHOTOS = {"photo-entrance": photo_jpeg()}


def test_reports_render_in_worker_processes_while_the_event_loop_runs():
    # One task per worker: the second report needs a fresh process, as a long-running server would.
    pool = RenderPool(max_workers=1, max_tasks_per_child=1)
    assert not pool.started

    async def main() -> tuple[list[bytes], int]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        pdfs = await asyncio.gather(
            pool.render_in_worker(worked_example(), photos=PHOTOS),
            pool.render_in_worker(project_report(evaluations=6)),
        )
        task.cancel()
        return pdfs, ticks

    try:
        # A thread of its own: the browser tests' Playwright keeps an event loop running on the main thread.
        with ThreadPoolExecutor(max_workers=1) as thread:
            (evaluation, project), ticks = thread.submit(asyncio.run, main()).result()
        assert pool.started
    finally:
        pool.shutdown()
    assert not pool.started
    # Spawning and rendering take seconds; a blocked loop would not have ticked meanwhile.
    assert ticks >= 20
    assert evaluation == render_evaluation_pdf(worked_example(), resolve_photo=PHOTOS.get)
    assert "Management Summary" in PdfReader(BytesIO(project)).pages[1].extract_text()


def test_the_pool_needs_at_least_one_worker():
    with pytest.raises(ValueError):
        RenderPool(max_workers=0)
