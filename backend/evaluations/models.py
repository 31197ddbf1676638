"""Evaluations: one filled checklist per assignment, its revisions, answers, stored scores and review history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.evaluations.review import EvaluationStatus
from backend.timeutil import UTCDateTime, utcnow

__all__ = ["AnswerRow", "Evaluation", "EvaluationRevision", "EvaluationScore", "EvaluationStatus", "ReviewEvent"]


class Evaluation(SQLModel, table=True):
    __tablename__ = "evaluations"
    __table_args__ = (
        Index("ix_evaluations_project_status", "project_id", "status"),
        Index("ix_evaluations_status_submitted", "status", "submitted_at"),
    )

    id: uuid.UUID = Field(primary_key=True, description="made by the device: the idempotency key")
    assignment_id: int = Field(foreign_key="assignments.id", unique=True)
    project_id: int = Field(foreign_key="projects.id")
    location_id: int = Field(foreign_key="locations.id", index=True)
    wave_id: int | None = Field(default=None, foreign_key="waves.id", index=True)
    tester_id: int = Field(foreign_key="users.id", index=True)
    checklist_version_id: int = Field(foreign_key="checklist_versions.id")
    persona: str = Field(max_length=64)
    status: EvaluationStatus = Field(sa_type=String(16))
    revision: int = Field(default=1)
    payload_hash: str = Field(max_length=64, description="SHA-256 of the current revision's payload")
    visit_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    visit_ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    distance_m: float | None = Field(default=None, description="the device's distance from the location")
    photos_in_visit: int = Field(default=0, description="photos of the current revision taken during the visit")
    flags: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON,
                                        description="proof-of-visit doubts as {code, params}")
    flag_count: int = Field(default=0, description="len(flags), so the review queue sorts in SQL")
    total_score: float | None = None
    persona_score: float | None = None
    passed: bool = Field(default=False)
    knockouts: list[str] = Field(default_factory=list, sa_type=JSON)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EvaluationRevision(SQLModel, table=True):
    """Every accepted submission, kept whole: a resubmission after a return adds one."""

    __tablename__ = "evaluation_revisions"
    __table_args__ = (UniqueConstraint("evaluation_id", "number", name="uq_evaluation_revisions_number"),)

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: uuid.UUID = Field(foreign_key="evaluations.id", index=True)
    number: int
    payload: dict[str, Any] = Field(sa_type=JSON)
    payload_hash: str = Field(max_length=64)
    submitted_by: int = Field(foreign_key="users.id")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AnswerRow(SQLModel, table=True):
    """One answer of one revision, with how it scored: per-question statistics are queries on this."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "revision", "question_id", name="uq_answers_question"),
        Index("ix_answers_question", "question_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: uuid.UUID = Field(foreign_key="evaluations.id")
    revision: int
    question_id: str = Field(max_length=64)
    value: Any = Field(default=None, sa_type=JSON)
    is_na: bool = Field(default=False)
    comment: str | None = Field(default=None, sa_type=Text)
    visible: bool = Field(default=True)
    applicable: bool = Field(default=False)
    points: float | None = None
    max_points: float | None = None


class EvaluationScore(SQLModel, table=True):
    """A step or touchpoint score of an evaluation's current revision: aggregates are GROUP BYs on this."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (Index("ix_evaluation_scores_dimension_key", "dimension", "key"),)

    evaluation_id: uuid.UUID = Field(foreign_key="evaluations.id", primary_key=True)
    dimension: str = Field(max_length=16, primary_key=True, description="step or touchpoint")
    key: str = Field(max_length=64, primary_key=True)
    score: float | None = None
    achieved: float = 0
    possible: float = 0


class ReviewEvent(SQLModel, table=True):
    __tablename__ = "review_events"

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: uuid.UUID = Field(foreign_key="evaluations.id", index=True)
    actor_id: int = Field(foreign_key="users.id")
    action: str = Field(max_length=16, description="submitted, resubmitted, imported, approved, held, returned, released")
    revision: int
    comment: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
