"""The demo's later stages: the four shipped templates, a project per template, and evaluations with photos."""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageDraw
from sqlmodel import Session, select

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists import service as checklists
from backend.checklists.template import AnswerIn
from backend.clients.models import Client
from backend.config import get_settings
from backend.demo_answers import draft_answers
from backend.evaluations import photos, service as evaluations
from backend.evaluations.schemas import Position, SubmissionIn
from backend.evaluations.submission import submit
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave
from backend.media import service as media

CHECKLISTS_DIR = Path(__file__).resolve().parent.parent / "checklists"
# client, template key, project name, location codes, waves (name, start) with how many visits per
# location and persona in each (0: open assignments for the demo tester to fill in the app)
PROJECTS = (
    ("TeleMax Mobilfunk", "store-check", "TeleMax Shop-Check 2026", ("TM-BER-01", "TM-HAM-01", "TM-MUC-01"),
     (("2026-Q1", date(2026, 1, 12), 1), ("2026-Q2", date(2026, 4, 13), 1), ("2026-Q3", date(2026, 7, 6), 0))),
    ("TeleMax Mobilfunk", "mystery-calling", "TeleMax Hotline-Test 2026", ("TM-HOTLINE",),
     (("2026-Q1", date(2026, 1, 19), 2), ("2026-Q2", date(2026, 4, 20), 2))),
    ("Nordbank AG", "service-check", "Nordbank Beratungsqualität 2026", ("NB-KOE-01", "NB-FRA-01"),
     (("2026-H1", date(2026, 2, 2), 2), ("2026-H2", date(2026, 8, 3), 0))),
    ("Frischmarkt GmbH", "promotion-check", "Frischmarkt Frühjahrsaktion 2026", ("FM-STU-01", "FM-LEI-01"),
     (("2026-03", date(2026, 3, 9), 2),)),
)


def stages() -> list[Callable[[Session], None]]:
    return [_publish_templates, _seed_projects]


def _publish_templates(session: Session) -> None:
    admin = session.exec(select(User).where(User.role == Role.admin)).first()
    for path in sorted(CHECKLISTS_DIR.glob("*.yaml")):
        checklists.publish(session=session, principal=Principal(admin), source=path.read_text(encoding="utf-8"),
                           source_format="yaml")


def _seed_projects(session: Session) -> None:
    rng = random.Random(2026)
    reviewer = Principal(session.exec(select(User).where(User.role == Role.reviewer)).first())
    testers = list(session.exec(select(User).where(User.role == Role.tester).order_by(User.id)))
    settings = get_settings()
    for client_name, key, name, codes, waves in PROJECTS:
        client = session.exec(select(Client).where(Client.name == client_name)).one()
        template, version = checklists.get_version(session=session, principal=reviewer, key=key, version=None)
        definition = checklists.definition_of_version(session=session, version_id=version.id)
        project = Project(client_id=client.id, checklist_version_id=version.id, name=name)
        session.add(project)
        session.flush()
        locations = [session.exec(select(Location).where(Location.client_id == client.id, Location.code == code)).one()
                     for code in codes]
        for location in locations:
            session.add(ProjectLocation(project_id=project.id, location_id=location.id))
        for wave_name, starts_on, visits in waves:
            wave = Wave(project_id=project.id, name=wave_name, starts_on=starts_on, ends_on=starts_on + timedelta(days=60))
            session.add(wave)
            session.flush()
            personas = [p.id for p in definition.personas]
            for location_index, location in enumerate(locations):
                # Two visits per location and wave (per visit count), personas taking turns across
                # locations, so every persona has results.
                for visit in range(2 * max(visits, 1)):
                    persona = personas[(location_index * 2 + visit) % len(personas)]
                    tester = testers[0] if visits == 0 else rng.choice(testers)
                    window_end = starts_on + timedelta(days=60)
                    if not visits:
                        # The demo tester's open work stays live whenever the demo is seeded, never expired.
                        window_end = max(window_end, date.today() + timedelta(days=30))
                    assignment = Assignment(project_id=project.id, wave_id=wave.id, location_id=location.id,
                                            persona=persona, tester_id=tester.id, window_start=starts_on,
                                            window_end=window_end)
                    session.add(assignment)
                    session.flush()
                    if visits:
                        day = starts_on + timedelta(days=rng.randint(0, 40))
                        _evaluate(session, assignment, location, definition, Principal(tester), reviewer,
                                  day, rng, settings)


def _evaluate(session, assignment, location, definition, tester, reviewer, day, rng, settings) -> None:
    quality = rng.choice((0.75, 0.85, 0.92, 0.97, 0.99))
    draft = draft_answers(definition, persona=assignment.persona, quality=quality, rng=rng, visit_date=day.isoformat())
    evaluation_id = uuid.uuid4()
    started = datetime(day.year, day.month, day.day, rng.randint(9, 16), rng.randint(0, 59), tzinfo=timezone.utc)
    ended = started + timedelta(minutes=rng.randint(12, 45))
    answers = dict(draft.answers)
    for question_id, count in draft.photo_questions.items():
        photo_ids = []
        for index in range(count):
            photo_id = uuid.uuid4()
            data = _demo_photo(location.name, question_id, index, rng)
            photos.store_photo(session=session, principal=tester, storage=media.get_storage(),
                              evaluation_id=evaluation_id, photo_id=photo_id, assignment_id=assignment.id,
                              question_id=question_id, data=data, processed=media.checked_photo(data),
                              captured_at=started + timedelta(minutes=5 + index), admit_expired=True)
            photo_ids.append(str(photo_id))
        answers[question_id] = AnswerIn(value=answers[question_id].value if question_id in answers else None,
                                      comment=answers[question_id].comment if question_id in answers else None,
                                      photos=photo_ids)
    position = None
    if location.latitude is not None:
        position = Position(latitude=location.latitude + rng.uniform(-0.0004, 0.0004),
                            longitude=location.longitude + rng.uniform(-0.0004, 0.0004), accuracy_m=15)
    payload = SubmissionIn(assignment_id=assignment.id, persona=assignment.persona, answers=answers,
                           visit_started_at=started, visit_ended_at=ended, position=position)
    # The demo records visits of the past, whose windows are long over.
    submit(session=session, principal=tester, settings=settings, evaluation_id=evaluation_id, payload=payload,
           admit_expired=True)
    fate = rng.random()
    if fate < 0.12:
        return
    if fate < 0.2:
        evaluations.review(session=session, principal=reviewer, evaluation_id=evaluation_id, action="return",
                           comment="Bitte das Foto des Schaufensters nachreichen und die Wartezeit begründen.")
        return
    evaluations.review(session=session, principal=reviewer, evaluation_id=evaluation_id, action="approve", comment=None)
    if fate < 0.3:
        return
    evaluations.review(session=session, principal=reviewer, evaluation_id=evaluation_id, action="release", comment=None)


def _demo_photo(place: str, question_id: str, index: int, rng: random.Random) -> bytes:
    """A simple drawn scene standing in for a shop photo."""
    image = Image.new("RGB", (1280, 960), (rng.randint(150, 230), rng.randint(150, 230), rng.randint(150, 230)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 1100), rng.randint(0, 800)
        draw.rectangle((x, y, x + rng.randint(80, 300), y + rng.randint(60, 200)),
                       fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    draw.text((40, 40), f"{place} - {question_id} #{index + 1}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
