"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from sqlmodel import SQLModel

from backend.auth.models import AuthToken, LoginThrottle, Role, User
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.clients.models import Client
from backend.evaluations.models import (
    AnswerRow, Evaluation, EvaluationRevision, EvaluationScore, EvaluationStatus, ReviewEvent,
)
from backend.fieldwork.models import Assignment, AssignmentHandover, Location, Project, ProjectLocation, Wave
from backend.media.models import Photo

metadata = SQLModel.metadata

__all__ = [
    "AnswerRow", "Assignment", "AssignmentHandover", "AuthToken", "ChecklistTemplate", "ChecklistVersion", "Client",
    "Evaluation", "EvaluationRevision", "EvaluationScore", "EvaluationStatus", "Location",
    "LoginThrottle", "Photo", "Project", "ProjectLocation", "ReviewEvent", "Role", "User", "Wave",
    "metadata",
]
