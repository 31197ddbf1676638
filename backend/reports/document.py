"""The report data model: finished, display-ready facts that the PDF renderer turns into pages.

Everything here is already computed and resolved to the report's language: scores are
percentages (0..100) or None where nothing counted, every aggregate carries its n, texts are
plain strings (never HTML). Photos are references whose bytes a resolver supplies at render time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = ("de", "en")


@dataclass(frozen=True)
class ReportClient:
    """Whom the report is for: name, language and brand colour (`#rrggbb`, checked at render)."""

    name: str
    language: Language = "de"
    brand_color: str | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"report language must be one of {LANGUAGES}, not {self.language!r}")


@dataclass(frozen=True)
class PhotoRef:
    """A photo of the evaluation: `key` is what the photo resolver is asked for."""

    key: str
    caption: str | None = None


@dataclass(frozen=True)
class ScoreCell:
    """One aggregate score with the number of evaluations that contributed."""

    score: float | None
    n: int


@dataclass(frozen=True)
class ScoreRow:
    """A named score: a step, touchpoint, location or wave."""

    title: str
    score: float | None
    n: int = 1


@dataclass(frozen=True)
class JourneyPoint:
    """One step of a customer journey: its score and the mean emotion (1..5) where asked."""

    step: str
    score: float | None
    n: int = 1
    emotion: float | None = None
    emotion_n: int = 0


# One evaluation


@dataclass(frozen=True)
class AnswerLine:
    """One visible question with its answer as the tester gave it."""

    question: str
    answer: str | None
    na: bool = False
    points: float | None = None
    max_points: float | None = None
    knockout: bool = False
    comment: str | None = None
    photos: tuple[PhotoRef, ...] = ()

    @property
    def scored(self) -> bool:
        return self.max_points is not None


@dataclass(frozen=True)
class AnswerSection:
    """A section of the checklist with its visible questions in template order."""

    title: str
    answers: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class ProofOfVisit:
    """What shows the visit took place: times, device position and photo timestamps."""

    visit_start: datetime | None = None
    visit_end: datetime | None = None
    distance_m: float | None = None
    accuracy_m: float | None = None
    photos_in_visit: int = 0
    photos_total: int = 0


@dataclass(frozen=True)
class EvaluationReport:
    """Everything the report of one evaluation shows."""

    client: ReportClient
    reference: str
    project: str
    location: str
    location_address: str | None
    visit_date: date
    wave: str | None
    persona: str
    instrument: str
    tester_pseudonym: str
    created: datetime
    total_score: float | None
    persona_score: float | None
    passed: bool
    pass_threshold: float
    knockouts: tuple[str, ...]  # the texts of the failed knockout questions
    steps: tuple[JourneyPoint, ...]  # in journey order; n and emotion_n are 1 or 0 here
    touchpoints: tuple[ScoreRow, ...]
    sections: tuple[AnswerSection, ...]  # visible questions only, in template order
    proof_of_visit: ProofOfVisit = field(default_factory=ProofOfVisit)

    def photo_keys(self) -> frozenset[str]:
        """The keys of every photo the report shows: the only photos it may fetch."""
        return frozenset(
            photo.key
            for section in self.sections
            for answer in section.answers
            for photo in answer.photos
        )


# Many evaluations


@dataclass(frozen=True)
class ReportFilter:
    """The selection a project report covers; None means all."""

    wave: str | None = None
    location: str | None = None
    persona: str | None = None


@dataclass(frozen=True)
class ExecutiveSummary:
    """The key figures on the first page of a project report."""

    evaluations: int
    locations: int
    mean_total: float | None
    mean_persona: float | None
    pass_rate: float | None
    knockout_evaluations: int


@dataclass(frozen=True)
class HeatMap:
    """The persona x touchpoint matrix: `cells[persona][touchpoint]`."""

    personas: tuple[str, ...]
    touchpoints: tuple[str, ...]
    cells: tuple[tuple[ScoreCell, ...], ...]

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.personas) or any(
            len(row) != len(self.touchpoints) for row in self.cells
        ):
            raise ValueError("heat map cells must have one row per persona and one cell per touchpoint")


@dataclass(frozen=True)
class PersonaJourney:
    """The customer journey of one persona: step scores and emotions in step order."""

    persona: str
    points: tuple[JourneyPoint, ...]


@dataclass(frozen=True)
class TrendSeries:
    """One line of the trend chart: a score per wave, aligned with `ProjectReport.waves`."""

    title: str
    values: tuple[ScoreCell, ...]


@dataclass(frozen=True)
class NetPromoterScore:
    """NPS over the answered nps questions, with its three groups."""

    score: float | None
    promoters: int
    passives: int
    detractors: int

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors


@dataclass(frozen=True)
class PainPoints:
    """The weakest touchpoints of one persona below the pass threshold, weakest first; often none."""

    persona: str
    touchpoints: tuple[ScoreRow, ...]
    scored: bool = True  # False when no evaluation of the persona scored any touchpoint: nothing to judge


@dataclass(frozen=True)
class QuestionPassRate:
    """How often a scored question earned its full points, in percent, over n evaluations."""

    question: str
    touchpoint: str
    pass_rate: float | None
    n: int
    knockout: bool = False


@dataclass(frozen=True)
class EvaluationRow:
    """One evaluation in the appendix of a project report."""

    reference: str
    visit_date: date
    location: str
    persona: str
    wave: str | None
    total_score: float | None
    persona_score: float | None
    passed: bool
    knockouts: int = 0


@dataclass(frozen=True)
class ProjectReport:
    """Everything the report over a project's released evaluations shows."""

    client: ReportClient
    project: str
    instrument: str
    created: datetime
    filter: ReportFilter
    summary: ExecutiveSummary
    heat_map: HeatMap
    journeys: tuple[PersonaJourney, ...]
    steps: tuple[ScoreRow, ...]  # in journey order
    touchpoints: tuple[ScoreRow, ...]  # in template order
    locations: tuple[ScoreRow, ...]  # the ranking as printed: best first
    waves: tuple[str, ...]  # in time order, the trend chart's x axis
    trend: tuple[TrendSeries, ...]  # the first series (the total) carries the value labels
    nps: NetPromoterScore | None  # None when the template asks no nps question
    pain_points: tuple[PainPoints, ...]  # one per persona of the heat map, also those without any
    pass_threshold: float  # the template's; only touchpoints below it are pain points
    question_pass_rates: tuple[QuestionPassRate, ...]  # scored questions in template order
    evaluations: tuple[EvaluationRow, ...]  # the appendix, in the order printed

    def __post_init__(self) -> None:
        if any(len(series.values) != len(self.waves) for series in self.trend):
            raise ValueError("every trend series needs one value per wave")
