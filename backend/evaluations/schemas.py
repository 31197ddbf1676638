"""Request and response shapes of submissions, evaluations and reviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.checklists.template import AnswerIn
from backend.fieldwork.refs import ChecklistRef, LocationSummary, Ref, TesterPseudonym
from backend.timeutil import UtcDatetime


class Position(BaseModel):
    model_config = ConfigDict(extra="forbid")

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    accuracy_m: float | None = Field(default=None, ge=0)


class SubmissionIn(BaseModel):
    """One filled checklist as the device sends it; the evaluation id in the path is the idempotency key."""

    model_config = ConfigDict(extra="forbid")

    assignment_id: int
    persona: str = Field(max_length=64)
    answers: dict[str, AnswerIn] = Field(max_length=1000)
    visit_started_at: UtcDatetime | None = Field(default=None, description="with its UTC offset")
    visit_ended_at: UtcDatetime | None = Field(default=None, description="with its UTC offset")
    position: Position | None = Field(default=None, description="null in a correction keeps the recorded one")
    replaces_revision: int | None = Field(default=None, ge=1, description=(
        "in a correction: the revision it replaces, so that a correction that changes no answer is still a new "
        "revision rather than a replay of the first submission"))


class Flag(BaseModel):
    code: str = Field(description="stable: visit_too_short, far_from_location, photo_outside_visit, ...")
    params: dict[str, Any] = Field(default_factory=dict, description="what the message is made from: seconds, "
                                   "minutes, distance_m, question_id, number, and the question's text as question")
    message: str = Field(description="in English; apps render their own words from code and params")


class VisitProofPublic(BaseModel):
    """What the proof of visit shows, as judged when the evaluation was submitted."""

    distance_m: float | None = Field(description="the device's distance from the location")
    accuracy_m: float | None
    photos_in_visit: int
    photos_total: int


class PhotoRef(BaseModel):
    id: uuid.UUID
    question_id: str
    width: int
    height: int
    taken_at: datetime | None


class ReviewEntry(BaseModel):
    action: str
    comment: str | None
    revision: int
    at: datetime
    actor: str | None = Field(default=None, description="only for agency staff")


class EvaluationSummary(BaseModel):
    id: uuid.UUID
    assignment_id: int
    project: Ref
    location: LocationSummary
    wave: Ref | None
    persona: str
    status: str
    revision: int
    submitted_at: datetime
    released_at: datetime | None
    tester: TesterPseudonym
    total_score: float | None
    persona_score: float | None
    passed: bool
    knockouts: list[str]
    flags: list[Flag] = Field(default_factory=list, description="proof-of-visit doubts; agency staff only")


class EvaluationDetail(EvaluationSummary):
    checklist_version_id: int
    checklist: ChecklistRef
    visit_started_at: datetime | None
    visit_ended_at: datetime | None
    position: Position | None = Field(default=None, description="agency staff and the tester only")
    proof: VisitProofPublic | None = Field(default=None, description="agency staff only")
    answers: dict[str, AnswerIn]
    photos: list[PhotoRef] = Field(description="the photos the current revision's answers name, in answer order")
    review: list[ReviewEntry]
    review_comment: str | None = Field(description="the comment of the latest return, for the tester")


class RevisionPublic(BaseModel):
    """One accepted submission as the device sent it; photo_ids are the photos its answers named."""

    number: int
    submitted_at: datetime
    answers: dict[str, AnswerIn]
    photo_ids: list[uuid.UUID]


class EvaluationPage(BaseModel):
    items: list[EvaluationSummary]
    total: int


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["approve", "hold", "return", "release"]
    comment: str | None = Field(default=None, max_length=5000)


class ReleaseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wave_id: int | None = Field(default=None, description="only this wave; all approved evaluations when absent")


class ReleaseResult(BaseModel):
    released: int


class OfflineEvaluation(BaseModel):
    id: uuid.UUID
    status: str
    revision: int
    review_comment: str | None
    answers: dict[str, AnswerIn]
    visit_started_at: datetime | None
    visit_ended_at: datetime | None
    position: Position | None = Field(description="as recorded on the visit; a correction keeps it")


class OfflineChecklist(BaseModel):
    version_id: int
    key: str
    version: int
    kind: str
    title: str
    definition: dict[str, Any]


class OfflinePersona(BaseModel):
    id: str
    title: Any
    description: Any = None


class OfflineLocation(BaseModel):
    id: int
    name: str
    kind: str
    street: str | None
    postal_code: str | None
    city: str | None
    latitude: float | None
    longitude: float | None
    time_zone: str = Field(description="IANA name; the assignment's window is on this calendar")
    phone: str | None
    url: str | None


class OfflineAssignment(BaseModel):
    """Everything a phone needs to fill one assignment with no network."""

    id: int
    project: Ref
    wave: Ref | None
    location: OfflineLocation
    persona: OfflinePersona
    window_start: date
    window_end: date
    submit_until: date = Field(description="the last day a first submission is accepted (window end + grace)")
    visit_max_distance_m: float = Field(description="proof of visit: a device farther from the location is flagged")
    checklist: OfflineChecklist
    evaluation: OfflineEvaluation | None


class EndedAssignment(BaseModel):
    """An assignment the phone holds that is no longer the tester's to do, and why."""

    id: int
    reason: Literal["withdrawn", "reassigned", "expired"]
    at: datetime | None = Field(description="when it was withdrawn or taken away; none for an expiry")
    window_end: date
    submit_until: date


OUTBOX_FILE_FORMAT = "fieldcheck-outbox-item"


class OutboxPhoto(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    question_id: str = Field(max_length=64)
    taken_at: datetime | None = None
    content_type: str | None = Field(default=None, max_length=64, description="informative; the bytes decide")
    data: str = Field(description="the image bytes, base64")


class OutboxFile(BaseModel):
    """An outbox item the server refused, saved by the tester's phone as a file for an admin to import."""

    model_config = ConfigDict(extra="ignore")

    format: Literal["fieldcheck-outbox-item"]
    version: Literal[1]
    evaluation_id: uuid.UUID
    tester_id: int = Field(ge=1, le=2**31 - 1, description="the tester who did the visit")
    payload: SubmissionIn
    photos: list[OutboxPhoto] = Field(default_factory=list, max_length=500)
