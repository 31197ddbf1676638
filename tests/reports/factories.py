"""Report models built by hand for the report tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from io import BytesIO

from PIL import Image, ImageDraw

from backend.reports.document import (
    AnswerLine, AnswerSection, EvaluationReport, EvaluationRow, ExecutiveSummary, HeatMap, JourneyPoint, Language,
    NetPromoterScore, PainPoints, PersonaJourney, PhotoRef, ProjectReport, ProofOfVisit, QuestionPassRate,
    ReportClient, ReportFilter, ScoreCell, ScoreRow, TrendSeries,
)

CREATED = datetime(2026, 3, 16, 9, 30, tzinfo=timezone.utc)
PSEUDONYM = "Tester K7-Falke"
REAL_TESTER_NAME = "Erika Mustermann"


def client(
    language: Language = "de", brand_color: str | None = "#0b5394", name: str = "Nordstern Mobilfunk GmbH"
) -> ReportClient:
    return ReportClient(name=name, language=language, brand_color=brand_color)


def photo_jpeg(
    width: int = 1600, height: int = 1200, color: tuple[int, int, int] = (40, 120, 200), label: str = ""
) -> bytes:
    """A real JPEG with some structure, as a phone would upload it."""
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 80):
        draw.line([(x, 0), (x, height)], fill=(255, 255, 255), width=3)
    draw.rectangle([width // 4, height // 4, width * 3 // 4, height * 3 // 4], fill=(240, 200, 60))
    if label:
        draw.text((20, 20), label, fill=(0, 0, 0))
    output = BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()


def worked_example(
    *,
    language: Language = "de",
    comment: str | None = "Berater war freundlich, aber kannte den Tarif nicht genau.",
    knockout_failed: bool = False,
    photos: tuple[PhotoRef, ...] = (PhotoRef("photo-entrance", "Eingang mit Schaufenster"),),
    location: str = "Filiale Berlin Mitte",
) -> EvaluationReport:
    """The worked example of SCORING.md, persona `young`, as a finished report."""
    advisor = 25.0 if knockout_failed else 50.0
    return EvaluationReport(
        client=client(language),
        reference="EV-2026-0042",
        project="Filialcheck Frühjahr 2026",
        location=location,
        location_address="Friedrichstraße 100, 10117 Berlin",
        visit_date=date(2026, 3, 14),
        wave="2026-Q1",
        persona="Junge Kundin" if language == "de" else "Young customer",
        instrument="Mystery Store Check",
        tester_pseudonym=PSEUDONYM,
        created=CREATED,
        total_score=0.0 if knockout_failed else 100 * 7 / 11,
        persona_score=0.0 if knockout_failed else 65.0,
        passed=False,
        pass_threshold=80.0,
        knockouts=("Wurde der Kunde begrüßt?",) if knockout_failed else (),
        steps=(
            JourneyPoint("Ankunft", 100 * 5 / 7, emotion=4.0, emotion_n=1),
            JourneyPoint("Beratung", 100 * 2 / 4 if not knockout_failed else 100 * 1 / 4, emotion=2.0, emotion_n=1),
        ),
        touchpoints=(
            ScoreRow("Eingang", 80.0),
            ScoreRow("Berater", advisor),
            ScoreRow("Telefon", 50.0),
        ),
        sections=(
            AnswerSection(
                "Ankunft",
                (
                    AnswerLine("Ist der Eingang sauber und einladend?", "Ja", points=1, max_points=1, photos=photos),
                    AnswerLine("Wie ansprechend ist das Schaufenster?", "4 von 5", points=1.5, max_points=2),
                    AnswerLine("Wie lange dauerte es bis zur Annahme des Anrufs?", "45 s", points=1, max_points=2),
                ),
            ),
            AnswerSection(
                "Beratung",
                (
                    AnswerLine("Wie war die Beratung?", "ok", points=1, max_points=3, comment=comment),
                    AnswerLine(
                        "Wurde der Kunde begrüßt?",
                        "Nein" if knockout_failed else "Ja",
                        points=0 if knockout_failed else 1,
                        max_points=1,
                        knockout=True,
                    ),
                    AnswerLine("Wurde ein Zubehör angeboten?", None, na=True, max_points=1),
                    AnswerLine("Wie wahrscheinlich ist eine Weiterempfehlung (0–10)?", "9"),
                ),
            ),
        ),
        proof_of_visit=ProofOfVisit(
            visit_start=datetime(2026, 3, 14, 10, 5),
            visit_end=datetime(2026, 3, 14, 10, 41),
            distance_m=23.4,
            accuracy_m=12.0,
            photos_in_visit=len(photos),
            photos_total=len(photos),
        ),
    )


def long_evaluation(*, questions: int = 60, photos: int = 12, language: Language = "de") -> EvaluationReport:
    """A large evaluation: many questions over six sections, photos spread over them."""
    base = worked_example(language=language, photos=())
    per_section = max(questions // 6, 1)
    lines: list[AnswerLine] = []
    for index in range(questions):
        photo_refs = (PhotoRef(f"photo-{index}", f"Foto zu Frage {index + 1}"),) if index < photos else ()
        lines.append(
            AnswerLine(
                f"Frage {index + 1}: Wurde der Standard {index + 1} im Beratungsgespräch vollständig eingehalten?",
                "Ja" if index % 3 else "Nein",
                points=1.0 if index % 3 else 0.0,
                max_points=1.0,
                knockout=index == 7,
                comment="Kommentar des Testers zu dieser Frage, mit Details." if index % 5 == 0 else None,
                photos=photo_refs,
            )
        )
    sections = tuple(
        AnswerSection(f"Abschnitt {number + 1}", tuple(lines[number * per_section:(number + 1) * per_section]))
        for number in range(6)
    )
    return EvaluationReport(**{**base.__dict__, "sections": sections})


def project_report(*, evaluations: int = 40, language: Language = "de", locations: int = 8) -> ProjectReport:
    """A project report over `evaluations` released evaluations with plausible aggregates."""
    personas = ("Junge Kundin", "Geschäftskunde", "Senior")
    touchpoints = ("Website", "Telefon", "Schaufenster", "Empfang", "Berater", "Kasse")
    steps = ("Erstkontakt", "Ankunft", "Beratung", "Abschluss", "Nachbetreuung")
    waves = ("2025-Q3", "2025-Q4", "2026-Q1")

    def score(seed: int) -> float:
        return 35 + (seed * 37 % 64) + (seed % 7) / 10

    cells = tuple(
        tuple(ScoreCell(None if (p, t) == (2, 0) else score(p * 11 + t * 5), 10 + p + t)
              for t in range(len(touchpoints)))
        for p in range(len(personas))
    )
    return ProjectReport(
        client=client(language),
        project="Filialcheck 2025/26",
        instrument="Mystery Store Check",
        created=CREATED,
        filter=ReportFilter(),
        summary=ExecutiveSummary(
            evaluations=evaluations, locations=locations, mean_total=74.25, mean_persona=71.04,
            pass_rate=42.5, knockout_evaluations=3,
        ),
        heat_map=HeatMap(personas=personas, touchpoints=touchpoints, cells=cells),
        journeys=tuple(
            PersonaJourney(
                persona,
                tuple(
                    JourneyPoint(step, score(p * 3 + s * 7), n=12 + s,
                                 emotion=1 + (p + s) % 5 if s != 4 else None, emotion_n=12)
                    for s, step in enumerate(steps)
                ),
            )
            for p, persona in enumerate(personas)
        ),
        steps=tuple(ScoreRow(step, score(s * 13), evaluations) for s, step in enumerate(steps)),
        touchpoints=tuple(ScoreRow(touchpoint, score(t * 17 + 3), evaluations - t)
                          for t, touchpoint in enumerate(touchpoints)),
        locations=tuple(
            sorted(
                (ScoreRow(f"Filiale {number + 1:03d}", score(number * 29 + 1), max(evaluations // locations, 1))
                 for number in range(locations)),
                key=lambda row: -row.score,
            )
        ),
        waves=waves,
        trend=(
            TrendSeries("Gesamt", tuple(ScoreCell(value, evaluations // 3) for value in (68.2, 71.5, 74.25))),
            *(
                TrendSeries(persona, tuple(ScoreCell(score(p * 5 + w), 10) for w in range(len(waves))))
                for p, persona in enumerate(personas)
            ),
        ),
        nps=NetPromoterScore(score=100 * (18 - 9) / 40, promoters=18, passives=13, detractors=9),
        pain_points=tuple(
            PainPoints(
                persona,
                # The last persona has no touchpoint below the pass threshold: no pain points.
                tuple(sorted((ScoreRow(touchpoints[t], min(score(p + t), 79.9), 10) for t in range(3)),
                             key=lambda row: row.score)) if p < len(personas) - 1 else (),
            )
            for p, persona in enumerate(personas)
        ),
        pass_threshold=80.0,
        question_pass_rates=tuple(
            QuestionPassRate(f"Frage {number + 1}: Wurde der Standard eingehalten?", touchpoints[number % 6],
                             score(number * 7), evaluations, knockout=number == 3)
            for number in range(30)
        ),
        evaluations=tuple(
            EvaluationRow(
                reference=f"EV-{number:05d}",
                visit_date=date(2026, 1, 5) + timedelta(days=number % 80),
                location=f"Filiale {number % locations + 1:03d}",
                persona=personas[number % 3],
                wave=waves[number % 3],
                total_score=score(number),
                persona_score=score(number + 1),
                passed=score(number) >= 80 and number % 17 != 0,
                knockouts=1 if number % 17 == 0 else 0,
            )
            for number in range(evaluations)
        ),
    )
