"""Request and response shapes of assignments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from backend.fieldwork.fields import Id, field_error, single_line
from backend.fieldwork.refs import LocationRef, Ref, TesterRef
from backend.fieldwork.windows import DEFAULT_LOCKOUT_DAYS


AssignmentStatus = Literal["open", "submitted", "on_hold", "returned", "approved", "released", "withdrawn"]


LockoutDays = Field(default=DEFAULT_LOCKOUT_DAYS, ge=0, le=3650,
                    description="a tester may not be sent to the same location again within this many days "
                                "(measured from the end of one window to the start of the next); 0 switches it off")


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: Id
    location_id: Id = Field(description="one of the project's locations")
    persona: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                       AfterValidator(single_line)] = Field(
        description="a persona id of the project's checklist")
    tester_id: Id = Field(description="an active tester")
    wave_id: Id | None = Field(default=None, description="a wave of the project")
    window_start: date
    window_end: date
    lockout_days: int = LockoutDays

    @model_validator(mode="wrap")
    @classmethod
    def _window_in_order(cls, data: Any, handler):
        assignment = handler(data)
        if assignment.window_end < assignment.window_start:
            raise field_error(cls.__name__, "window_end", "date_order",
                              "The window cannot end before it starts.", data)
        return assignment


class AssignmentUpdate(BaseModel):
    """Reassign, move the window, withdraw or reinstate; the tester's phone learns of each on its next sync."""

    model_config = ConfigDict(extra="forbid")

    tester_id: Id | None = Field(default=None, description="an active tester; who it was taken from is kept")
    window_start: date | None = None
    window_end: date | None = None
    withdrawn: bool | None = Field(default=None, description="true withdraws (as DELETE does), false reinstates")
    lockout_days: int = LockoutDays

    @field_validator("tester_id", "window_start", "window_end", "withdrawn")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave the field out instead of sending null")
        return value


class AssignmentPublic(BaseModel):
    id: int
    project: Ref
    wave: Ref | None
    location: LocationRef
    persona: str
    tester: TesterRef
    window_start: date
    window_end: date
    status: AssignmentStatus = Field(description="withdrawn once withdrawn; else open while no evaluation exists, "
                                                 "else the evaluation's status")
    evaluation_id: uuid.UUID | None
    withdrawn_at: datetime | None = None
    previous_tester_ids: list[int] = Field(default_factory=list, description="who it was taken from, oldest first")
    created_at: datetime


class AssignmentPage(BaseModel):
    items: list[AssignmentPublic]
    total: int
