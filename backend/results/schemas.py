"""Response shapes of the score endpoints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from backend.fieldwork.refs import LocationRef, Ref


class Mean(BaseModel):
    mean: float | None = Field(description="0..100 at full precision; null over an empty set")
    n: int = Field(description="how many evaluations contributed")


class QuestionBreakdown(BaseModel):
    question_id: str
    step: str
    touchpoint: str
    type: str
    weight: float
    points: float | None
    max_points: float | None
    applicable: bool
    reason: str = Field(description="scored, hidden, other_persona, not_applicable, unanswered, not_scored_type")
    knockout: bool
    knocked_out: bool


class Sums(BaseModel):
    achieved: float = Field(description="sum of weight * points over the applicable scored questions")
    possible: float = Field(description="sum of weight * maximum points over the same questions")
    score: float | None


class EvaluationScoresPublic(BaseModel):
    evaluation_id: str
    persona: str
    total: float | None
    persona_score: float | None
    passed: bool
    pass_threshold: float
    knockouts: list[str]
    total_sums: Sums
    steps: dict[str, Sums]
    touchpoints: dict[str, Sums]
    persona_weights: dict[str, float]
    emotions: dict[str, float] = Field(
        description="per step with an answered emotion question: the mean of its emotion answers (1..5)")
    questions: list[QuestionBreakdown]


class NetPromoterScorePublic(Mean):
    mean: float | None = Field(description="the net promoter score (-100..100); null without answers")
    n: int = Field(description="how many nps answers count (an evaluation may answer several nps questions)")
    promoters: int = Field(description="answers 9 or 10")
    passives: int = Field(description="answers 7 or 8")
    detractors: int = Field(description="answers 0 to 6")


class JourneyPointPublic(BaseModel):
    step: str
    score: Mean
    emotion: Mean | None


class GroupRow(BaseModel):
    key: dict[str, Any]
    mean: float | None
    n: int


class ProjectScores(BaseModel):
    project_id: int
    n: int = Field(description="evaluations that count (released, unless staff ask otherwise)")
    total: Mean
    persona_score: Mean
    pass_rate: Mean
    knockout_rate: Mean = Field(description="share (0..100) of the evaluations with at least one knockout")
    personas: list[str]
    steps: list[str]
    touchpoints: list[str]
    matrix: dict[str, dict[str, Mean]] = Field(description="persona -> touchpoint -> mean touchpoint score")
    persona_scores: dict[str, Mean]
    step_scores: dict[str, Mean]
    touchpoint_scores: dict[str, Mean]
    journey: dict[str, list[JourneyPointPublic]]
    nps: NetPromoterScorePublic
    pass_threshold: float = Field(description="the template's pass threshold (0..100), the bound of the pain points")
    pain_points: dict[str, list[str]] = Field(
        description="per persona, up to three touchpoints below the pass threshold, lowest first; may be empty")
    locations: list[GroupRow]
    waves: list[GroupRow]
    questions: dict[str, Mean] = Field(description="per question: share of applicable answers with full points")
    groups: list[GroupRow] | None = Field(default=None, description="the requested grouping (?group_by=a,b)")


class StatusCounts(BaseModel):
    open: int = Field(default=0, description="no evaluation yet")
    submitted: int = 0
    on_hold: int = 0
    returned: int = 0
    approved: int = 0
    released: int = 0
    total: int = 0


class LocationProgress(BaseModel):
    location: LocationRef
    counts: StatusCounts


class WaveProgress(BaseModel):
    wave: Ref | None
    counts: StatusCounts
    locations: list[LocationProgress]


class ProjectProgress(BaseModel):
    project_id: int
    counts: StatusCounts
    waves: list[WaveProgress]
