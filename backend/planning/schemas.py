"""Request and response shapes of assignment planning and the assignments CSV import."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.assignments.schemas import AssignmentPublic, LockoutDays
from backend.fieldwork.fields import field_error
from backend.fieldwork.refs import LocationRef, Ref, TesterRef

class PlanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wave_id: int | None = Field(default=None, description="a wave of the project; its dates are the default window")
    window_start: date | None = Field(default=None, description="default: the wave's start")
    window_end: date | None = Field(default=None, description="default: the wave's end")
    tester_ids: list[int] = Field(max_length=2000, description="active testers to spread the visits over")
    personas: list[str] | None = Field(default=None, max_length=100,
                                       description="persona ids of the project's checklist; default all")
    location_ids: list[int] | None = Field(default=None, max_length=20_000,
                                           description="some of the project's locations; default all")
    visits_per_location: int | None = Field(
        default=None, ge=1, le=100,
        description="personas per location; default one visit per persona, fewer rotates the personas")
    lockout_days: int = LockoutDays
    dry_run: bool = Field(default=False, description="only show the plan; create nothing")

    @model_validator(mode="wrap")
    @classmethod
    def _window_in_order(cls, data: Any, handler):
        request = handler(data)
        if request.window_start and request.window_end and request.window_end < request.window_start:
            raise field_error(cls.__name__, "window_end", "date_order", "The window cannot end before it starts.",
                              data)
        return request


class PlannedPublic(BaseModel):
    location: LocationRef
    persona: str
    tester: TesterRef
    assignment_id: int | None = Field(description="null in a dry run")


class UnstaffedPublic(BaseModel):
    location: LocationRef
    persona: str
    reason: Literal["lockout", "no_tester"]
    message: str


class SlotPublic(BaseModel):
    location: LocationRef
    persona: str


class TesterLoad(BaseModel):
    tester: TesterRef
    planned: int


class PlanResult(BaseModel):
    dry_run: bool
    wave: Ref | None
    window_start: date
    window_end: date
    lockout_days: int
    planned: list[PlannedPublic]
    unstaffed: list[UnstaffedPublic]
    already_assigned: list[SlotPublic] = Field(description="slots the wave already has an assignment for; left alone")
    testers: list[TesterLoad] = Field(description="how many visits each tester gets from this plan")


class AssignmentImportResult(BaseModel):
    created: int
    assignments: list[AssignmentPublic]
