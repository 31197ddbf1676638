"""The PDF renderer: turns a finished report model into PDF bytes, and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from backend.reports.context import evaluation_context, project_context
from backend.reports.document import EvaluationReport, ProjectReport, ReportClient
from backend.reports.fetcher import Asset, ReportFetcher, print_logo, print_photo
from backend.reports.stylesheets import client_css, score_css
from backend.reports.weasy import HTML

TEMPLATES = Path(__file__).parent / "templates"
PDF_A_VARIANT = "pdf/a-3b"
PHOTO_THREADS = 2


def render_evaluation_pdf(
    report: EvaluationReport,
    *,
    resolve_photo: Callable[[str], bytes | None],
    logo: bytes | None = None,
    pdf_a: bool = False,
) -> bytes:
    """The report of one evaluation as a PDF; `resolve_photo(key)` gives a photo's bytes or None."""
    logo_asset = print_logo(logo) if logo else None
    html = _template("evaluation.html").render(evaluation_context(report, has_logo=logo_asset is not None))
    # Photos shrink in threads while WeasyPrint parses and styles the page (Pillow releases the GIL);
    # the resolver itself is called here, one key after the other, as it may not be thread-safe.
    with ThreadPoolExecutor(max_workers=PHOTO_THREADS) as pool:
        photos = {
            key: pool.submit(print_photo, data)
            for key in sorted(report.photo_keys())
            if (data := resolve_photo(key)) is not None
        }
        fetcher = ReportFetcher(assets=_assets(report.client, logo_asset), photos=photos)
        return _write_pdf(html, fetcher=fetcher, pdf_a=pdf_a)


def render_project_pdf(report: ProjectReport, *, logo: bytes | None = None, pdf_a: bool = False) -> bytes:
    """The report over a project's evaluations as a PDF."""
    logo_asset = print_logo(logo) if logo else None
    html = _template("project.html").render(project_context(report, has_logo=logo_asset is not None))
    fetcher = ReportFetcher(assets=_assets(report.client, logo_asset))
    return _write_pdf(html, fetcher=fetcher, pdf_a=pdf_a)


def render_html(report: EvaluationReport | ProjectReport) -> str:
    """The HTML a report's PDF is made from, without logo: for looking at it and for tests."""
    if isinstance(report, EvaluationReport):
        return _template("evaluation.html").render(evaluation_context(report, has_logo=False))
    return _template("project.html").render(project_context(report, has_logo=False))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Autoescape everything: every text in a report comes from users and is never HTML.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template(name: str) -> Any:
    return _environment().get_template(name)


@lru_cache(maxsize=1)
def _stylesheet() -> bytes:
    return (TEMPLATES / "report.css").read_bytes()


def _assets(client: ReportClient, logo: Asset | None) -> Mapping[str, Asset]:
    """What the fetcher serves: our stylesheets, generated ones included, and the client's logo."""
    assets = {
        "report.css": Asset(_stylesheet(), "text/css"),
        "scores.css": Asset(score_css().encode(), "text/css"),
        "client.css": Asset(client_css(client).encode(), "text/css"),
    }
    if logo is not None:
        assets["logo"] = logo
    return assets


def _write_pdf(html: str, *, fetcher: ReportFetcher, pdf_a: bool) -> bytes:
    document = HTML(string=html, url_fetcher=fetcher)
    if not pdf_a:
        return document.write_pdf()
    return document.write_pdf(pdf_variant=PDF_A_VARIANT, finisher=_plain_metadata)


def _plain_metadata(document: Any, pdf: Any) -> None:
    """Leave the XMP packet uncompressed: archive tools and validators find it by scanning the bytes."""
    reference = pdf.catalog.get("Metadata")
    if reference is not None:
        pdf.objects[int(reference.split()[0])].compress = False
