"""Bench: our PDF reports against a bare WeasyPrint render of comparable plain HTML, in one run.

Cases: an evaluation report with 60 questions and 12 photos (2048-pixel JPEGs, the media module's
display copies), and a project report over 500 evaluations. Each variant (ours, bare) renders once
in its own subprocess for its peak memory (ru_maxrss); the two are timed turn about in one subprocess,
medians after one warm-up each.

    .venv/bin/python bench/bench_reports.py [--repeat 5]

Aims: evaluation report under 1 s and within 1.5x the bare render; project report under 10 s and 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from html import escape
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from backend.reports.document import (  # noqa: E402
    AnswerLine,
    AnswerSection,
    EvaluationReport,
    EvaluationRow,
    ExecutiveSummary,
    HeatMap,
    JourneyPoint,
    NetPromoterScore,
    PainPoints,
    PersonaJourney,
    PhotoRef,
    ProjectReport,
    ProofOfVisit,
    QuestionPassRate,
    ReportClient,
    ReportFilter,
    ScoreCell,
    ScoreRow,
    TrendSeries,
)
from backend.reports.render import render_evaluation_pdf, render_project_pdf  # noqa: E402

CREATED = datetime(2026, 3, 16, 9, 30, tzinfo=timezone.utc)
CLIENT = ReportClient(name="Nordstern Mobilfunk GmbH", language="de", brand_color="#0b5394")
STEPS = ("Erstkontakt", "Ankunft", "Wartezeit", "Beratung", "Abschluss", "Nachbetreuung")
TOUCHPOINTS = ("Website", "Telefon", "Schaufenster", "Empfang", "Berater", "Kasse", "E-Mail", "Kiosk")
PERSONAS = ("Junge Kundin", "Geschäftskunde", "Senior")
WAVES = ("2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1")


def score(seed: int) -> float:
    return 30 + (seed * 37 % 67) + (seed % 9) / 10


def photo(index: int) -> bytes:
    image = Image.new("RGB", (2048, 1536), (30 + index * 15, 110, 190))
    draw = ImageDraw.Draw(image)
    for x in range(0, 2048, 64):
        draw.line([(x, 0), (2048 - x, 1536)], fill=(250, 250, 250), width=4)
    draw.ellipse([600, 400, 1400, 1100], fill=(240, 190, 50))
    output = BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def evaluation_report() -> EvaluationReport:
    lines = [
        AnswerLine(
            question=f"Frage {number + 1}: Hat die Mitarbeiterin den Standard {number + 1} im Gespräch eingehalten?",
            answer="Ja" if number % 4 else "Nein",
            points=1.0 if number % 4 else 0.0,
            max_points=1.0,
            knockout=number == 5,
            comment="Die Beraterin war freundlich, fragte aber nicht nach dem Bedarf." if number % 3 == 0 else None,
            photos=(PhotoRef(f"photo-{number}", f"Foto zu Frage {number + 1}"),) if number % 5 == 0 else (),
        )
        for number in range(60)
    ]
    return EvaluationReport(
        client=CLIENT,
        reference="EV-2026-0042",
        project="Filialcheck 2026",
        location="Filiale Berlin Mitte",
        location_address="Friedrichstraße 100, 10117 Berlin",
        visit_date=date(2026, 3, 14),
        wave="2026-Q1",
        persona="Junge Kundin",
        instrument="Mystery Store Check",
        tester_pseudonym="Tester K7-Falke",
        created=CREATED,
        total_score=74.6,
        persona_score=71.2,
        passed=False,
        pass_threshold=80.0,
        knockouts=(lines[5].question,),
        steps=tuple(JourneyPoint(step, score(index), emotion=1 + index % 5, emotion_n=1)
                    for index, step in enumerate(STEPS)),
        touchpoints=tuple(ScoreRow(touchpoint, score(index * 3)) for index, touchpoint in enumerate(TOUCHPOINTS)),
        sections=tuple(AnswerSection(f"Abschnitt {number + 1}", tuple(lines[number * 10:(number + 1) * 10]))
                       for number in range(6)),
        proof_of_visit=ProofOfVisit(datetime(2026, 3, 14, 10, 5), datetime(2026, 3, 14, 10, 41),
                                    23.0, 12.0, 12, 12),
    )


def project_report(evaluations: int = 500, locations: int = 50) -> ProjectReport:
    return ProjectReport(
        client=CLIENT,
        project="Filialcheck 2025/26",
        instrument="Mystery Store Check",
        created=CREATED,
        filter=ReportFilter(),
        summary=ExecutiveSummary(evaluations, locations, 74.3, 71.0, 42.5, 17),
        heat_map=HeatMap(
            PERSONAS,
            TOUCHPOINTS,
            tuple(tuple(ScoreCell(score(p * 11 + t), 50 + t) for t in range(len(TOUCHPOINTS)))
                  for p in range(len(PERSONAS))),
        ),
        journeys=tuple(
            PersonaJourney(persona, tuple(JourneyPoint(step, score(p + s * 5), 80, 1 + (p + s) % 5, 80)
                                          for s, step in enumerate(STEPS)))
            for p, persona in enumerate(PERSONAS)
        ),
        steps=tuple(ScoreRow(step, score(s * 7), evaluations) for s, step in enumerate(STEPS)),
        touchpoints=tuple(ScoreRow(touchpoint, score(t * 13), evaluations) for t, touchpoint in enumerate(TOUCHPOINTS)),
        locations=tuple(sorted((ScoreRow(f"Filiale {n + 1:03d}", score(n), evaluations // locations)
                                for n in range(locations)), key=lambda row: -row.score)),
        waves=WAVES,
        trend=(
            TrendSeries("Gesamt", tuple(ScoreCell(score(w), evaluations // 4) for w in range(len(WAVES)))),
            *(TrendSeries(persona, tuple(ScoreCell(score(p * 3 + w), 40) for w in range(len(WAVES))))
              for p, persona in enumerate(PERSONAS)),
        ),
        nps=NetPromoterScore(22.4, 210, 150, 98),
        pain_points=tuple(PainPoints(persona, tuple(ScoreRow(TOUCHPOINTS[t], score(p + t), 50) for t in range(3)))
                          for p, persona in enumerate(PERSONAS)),
        pass_threshold=80.0,
        question_pass_rates=tuple(
            QuestionPassRate(f"Frage {n + 1}: Wurde der Standard {n + 1} eingehalten?", TOUCHPOINTS[n % 8],
                             score(n * 3), evaluations)
            for n in range(60)
        ),
        evaluations=tuple(
            EvaluationRow(f"EV-{n:05d}", date(2025, 4, 1) + timedelta(days=n % 360), f"Filiale {n % locations + 1:03d}",
                          PERSONAS[n % 3], WAVES[n % 4], score(n), score(n + 1), score(n) >= 80, int(n % 29 == 0))
            for n in range(evaluations)
        ),
    )


class MemoryFetcher(URLFetcher):
    """The bare render's fetcher: photos from memory, as they are, nothing else."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__()
        self._files = files

    def fetch(self, url, headers=None):
        return URLFetcherResponse(url, self._files[url], {"Content-Type": "image/jpeg"})


def _rows(rows) -> str:
    return "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)


def bare_evaluation_html(report: EvaluationReport) -> str:
    """The same content as plain HTML: no stylesheet, no charts, photos embedded as they come."""
    proof = report.proof_of_visit
    parts = [
        f"<html><body><h1>{escape(report.instrument)}</h1><table>",
        _rows([("Client", report.client.name), ("Project", report.project), ("Location", report.location),
               ("Date", report.visit_date), ("Wave", report.wave), ("Persona", report.persona),
               ("Tester", report.tester_pseudonym), ("Reference", report.reference),
               ("Total", report.total_score), ("Persona score", report.persona_score), ("Passed", report.passed),
               *(("Knockout", knockout) for knockout in report.knockouts)]),
        "</table><table>",
        _rows((point.step, point.score, point.emotion) for point in report.steps),
        _rows((row.title, row.score) for row in report.touchpoints),
        _rows([("Start", proof.visit_start), ("End", proof.visit_end), ("Distance", proof.distance_m),
               ("Accuracy", proof.accuracy_m), ("Photos", proof.photos_in_visit)]),
        "</table><table>",
    ]
    for section in report.sections:
        parts.append(f"<tr><th colspan=4>{escape(section.title)}</th></tr>")
        for line in section.answers:
            images = "".join(f'<img src="mem:{photo.key}" style="width: 80mm">' for photo in line.photos)
            parts.append(f"<tr><td>{escape(line.question)}</td><td>{escape(line.answer or '')}</td>"
                         f"<td>{line.points}/{line.max_points}</td><td>{escape(line.comment or '')}{images}</td></tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def bare_project_html(report: ProjectReport) -> str:
    """The same content as plain HTML tables: no stylesheet, no charts."""
    summary, nps = report.summary, report.nps
    parts = [
        f"<html><body><h1>{escape(report.project)}</h1><table>",
        _rows([("Evaluations", summary.evaluations), ("Locations", summary.locations), ("Mean", summary.mean_total),
               ("Persona", summary.mean_persona), ("Pass rate", summary.pass_rate),
               ("Knockouts", summary.knockout_evaluations), ("NPS", nps.score), ("Promoters", nps.promoters),
               ("Passives", nps.passives), ("Detractors", nps.detractors)]),
        "</table><table>",
        _rows((persona, *(cell.score for cell in row))
              for persona, row in zip(report.heat_map.personas, report.heat_map.cells)),
        "</table>",
    ]
    for journey in report.journeys:
        parts.append(f"<h2>{escape(journey.persona)}</h2><table>")
        parts.append(_rows((point.step, point.score, point.n, point.emotion, point.emotion_n)
                           for point in journey.points))
        parts.append("</table>")
    parts.append("<table>")
    parts.append(_rows((row.title, row.n, row.score)
                       for row in (*report.steps, *report.touchpoints, *report.locations)))
    parts.append(_rows((series.title, *(cell.score for cell in series.values)) for series in report.trend))
    parts.append(_rows((pain.persona, row.title, row.score, row.n)
                       for pain in report.pain_points for row in pain.touchpoints))
    parts.append(_rows((rate.question, rate.touchpoint, rate.n, rate.pass_rate) for rate in report.question_pass_rates))
    parts.append("</table><table>")
    parts.append(_rows((e.reference, e.visit_date, e.location, e.persona, e.wave, e.total_score, e.persona_score,
                        e.passed)
                       for e in report.evaluations))
    parts.append("</table></body></html>")
    return "".join(parts)


def renderer(case: str, variant: str):
    """A function that renders one PDF of the case, ours or the bare one."""
    if case == "evaluation_report":
        report = evaluation_report()
        photos = {f"photo-{number}": photo(number) for number in range(60) if number % 5 == 0}
        if variant == "ours":
            return lambda: render_evaluation_pdf(report, resolve_photo=photos.get)
        html = bare_evaluation_html(report)
        files = {f"mem:{key}": data for key, data in photos.items()}
        return lambda: HTML(string=html, url_fetcher=MemoryFetcher(files)).write_pdf()
    report = project_report()
    if variant == "ours":
        return lambda: render_project_pdf(report)
    html = bare_project_html(report)
    return lambda: HTML(string=html, url_fetcher=MemoryFetcher({})).write_pdf()


def run_timing(case: str, repeat: int) -> dict[str, dict[str, float]]:
    """Runs in a subprocess: ours and the bare render, warmed up, then timed turn about.

    Taking turns puts both under the same load, so the ratio holds even on a busy machine.
    """
    renders = {variant: renderer(case, variant) for variant in ("ours", "bare")}
    pdfs = {variant: render() for variant, render in renders.items()}
    wall: dict[str, list[float]] = {variant: [] for variant in renders}
    cpu: dict[str, list[float]] = {variant: [] for variant in renders}
    for _ in range(repeat):
        for variant, render in renders.items():
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            render()
            wall[variant].append(time.perf_counter() - start_wall)
            cpu[variant].append(time.process_time() - start_cpu)
    return {
        variant: {
            "seconds": statistics.median(wall[variant]),
            "best_seconds": min(wall[variant]),
            "cpu_seconds": statistics.median(cpu[variant]),
            "pages": len(PdfReader(BytesIO(pdfs[variant])).pages),
            "bytes": len(pdfs[variant]),
        }
        for variant in renders
    }


def run_memory(case: str, variant: str) -> dict[str, float]:
    """Runs in a subprocess of its own: one render, and the peak resident memory it took."""
    renderer(case, variant)()
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_subprocess(*arguments: str) -> dict:
    completed = subprocess.run([sys.executable, __file__, *arguments], check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--case", choices=("evaluation_report", "project_report"))
    parser.add_argument("--memory-of", choices=("ours", "bare"))
    arguments = parser.parse_args()
    if arguments.case and arguments.memory_of:
        print(json.dumps(run_memory(arguments.case, arguments.memory_of)))
        return
    if arguments.case:
        print(json.dumps(run_timing(arguments.case, arguments.repeat)))
        return
    results = {}
    for case in ("evaluation_report", "project_report"):
        timing = in_subprocess("--case", case, "--repeat", str(arguments.repeat))
        for variant in ("ours", "bare"):
            timing[variant].update(in_subprocess("--case", case, "--memory-of", variant))
        results[case] = timing
        for variant in ("ours", "bare"):
            result = timing[variant]
            print(
                f"{case} {variant}: median {result['seconds']:.3f} s wall (best {result['best_seconds']:.3f} s,"
                f" {result['cpu_seconds']:.3f} s cpu), {result['pages']} pages,"
                f" {result['pages'] / result['seconds']:.1f} pages/s, PDF {result['bytes'] / 1e6:.2f} MB,"
                f" peak memory {result['peak_mb']:.0f} MB"
            )
    for case, timing in results.items():
        ours, bare = timing["ours"], timing["bare"]
        print(f"BENCH {case} {ours['seconds']:.3f} s ratio={ours['seconds'] / bare['seconds']:.2f}")


if __name__ == "__main__":
    main()
