"""Rendering in a bounded pool of worker processes, so a PDF never blocks the server's event loop."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from backend.reports.document import EvaluationReport, ProjectReport
from backend.reports.render import render_evaluation_pdf, render_project_pdf


class RenderPool:
    """At most `max_workers` renders at once, each in a spawned process; started on first use.

    A worker is replaced after `max_tasks_per_child` reports, so the memory a big report took is
    given back to the system instead of staying with a long-lived process.
    """

    def __init__(self, *, max_workers: int = 1, max_tasks_per_child: int = 20) -> None:
        if max_workers < 1 or max_tasks_per_child < 1:
            raise ValueError("max_workers and max_tasks_per_child must be at least 1")
        self._max_workers = max_workers
        self._max_tasks_per_child = max_tasks_per_child
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._executor is not None

    async def render_in_worker(
        self,
        report: EvaluationReport | ProjectReport,
        *,
        photos: Mapping[str, bytes] | None = None,
        logo: bytes | None = None,
        pdf_a: bool = False,
    ) -> bytes:
        """The report's PDF, rendered in a worker; `photos` maps each photo key to its bytes."""
        executor = self._pool()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, _render, report, dict(photos or {}), logo, pdf_a)
        except BrokenProcessPool:
            # A worker died (killed for memory, say): the next report gets a fresh pool.
            self._discard(executor)
            raise

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the workers; a later render starts new ones."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # Spawn, not fork: a forked copy of a server with threads and an event loop is unsafe.
                self._executor = ProcessPoolExecutor(
                    max_workers=self._max_workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=self._max_tasks_per_child,
                )
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)


def _render(
    report: EvaluationReport | ProjectReport, photos: dict[str, bytes], logo: bytes | None, pdf_a: bool
) -> bytes:
    if isinstance(report, EvaluationReport):
        return render_evaluation_pdf(report, resolve_photo=photos.get, logo=logo, pdf_a=pdf_a)
    return render_project_pdf(report, logo=logo, pdf_a=pdf_a)
