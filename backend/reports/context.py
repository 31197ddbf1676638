"""Template context of a report: the model plus its words, formatter, colours and drawn charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from backend.reports import charts
from backend.reports.colors import brand_color
from backend.reports.document import EvaluationReport, ProjectReport, ReportClient, ScoreRow
from backend.reports.fetcher import asset_url, photo_url
from backend.reports.formatting import Formatter
from backend.reports.i18n import texts
from backend.reports.stylesheets import score_class, width_class

def w3c_datetime(value: datetime) -> str:
    """A timestamp in the W3C profile of ISO 8601 that PDF metadata is made from."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    offset = value.utcoffset()
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _common(client: ReportClient, created: datetime, *, has_logo: bool) -> dict[str, Any]:
    fmt = Formatter(client.language)
    return {
        "lang": client.language,
        "t": texts(client.language),
        "fmt": fmt,
        "client": client,
        "brand": brand_color(client.brand_color),
        "created": w3c_datetime(created),
        "created_date": created.date(),
        "has_logo": has_logo,
        "score_class": score_class,
        "width_class": width_class,
        "asset_url": asset_url,
        "photo_url": photo_url,
    }


def evaluation_context(report: EvaluationReport, *, has_logo: bool) -> dict[str, Any]:
    """Variables of `evaluation.html`."""
    context = _common(report.client, report.created, has_logo=has_logo)
    t, fmt = context["t"], context["fmt"]
    context.update(
        report=report,
        document_title=f"{t['evaluation_report']}: {report.location}, {fmt.date(report.visit_date)}",
        description=f"{report.instrument} · {report.persona} · {report.project}",
        journey_chart=charts.journey_chart(
            report.steps,
            fmt=fmt,
            color=context["brand"],
            score_label=t["score_axis"],
            emotion_label=t["emotion"],
            threshold=report.pass_threshold,
            threshold_label=f"{t['pass_mark']} {fmt.score(report.pass_threshold)}",
        ),
        touchpoint_chart=charts.bar_chart(
            report.touchpoints, fmt=fmt, title=t["touchpoints"], show_n=False
        ),
    )
    return context


def project_context(report: ProjectReport, *, has_logo: bool) -> dict[str, Any]:
    """Variables of `project.html`."""
    context = _common(report.client, report.created, has_logo=has_logo)
    t, fmt, brand = context["t"], context["fmt"], context["brand"]
    context.update(
        report=report,
        document_title=f"{t['project_report']}: {report.project}",
        description=f"{report.instrument} · {report.client.name}",
        highlights=_highlights(report, t),
        journey_charts=[
            charts.journey_chart(
                journey.points, fmt=fmt, color=brand, score_label=t["score_axis"], emotion_label=t["emotion"]
            )
            for journey in report.journeys
        ],
        step_chart=charts.bar_chart(report.steps, fmt=fmt, title=t["step_scores"]),
        touchpoint_chart=charts.bar_chart(report.touchpoints, fmt=fmt, title=t["touchpoint_scores"]),
        scale_legend=charts.scale_legend(title=t["colour_scale"]),
        trend_chart=(
            charts.trend_chart(report.waves, report.trend, fmt=fmt, title=t["trend"])
            if report.waves and report.trend
            else None
        ),
    )
    return context


def _highlights(report: ProjectReport, t: Any) -> list[tuple[str, ScoreRow]]:
    """The strongest and weakest step and touchpoint, for the executive summary."""
    highlights = []
    for rows, strongest, weakest in (
        (report.touchpoints, "strongest_touchpoint", "weakest_touchpoint"),
        (report.steps, "strongest_step", "weakest_step"),
    ):
        extremes = _extremes(rows)
        if extremes is not None:
            highlights.append((t[strongest], extremes[0]))
            highlights.append((t[weakest], extremes[1]))
    return highlights


def _extremes(rows: Sequence[ScoreRow]) -> tuple[ScoreRow, ScoreRow] | None:
    """The best and the worst scored row, the first in order on ties; None when fewer than two."""
    scored = [row for row in rows if row.score is not None]
    if len(scored) < 2:
        return None
    best = max(scored, key=lambda row: row.score)
    worst = min(scored, key=lambda row: row.score)
    return best, worst
