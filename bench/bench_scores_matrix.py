"""The persona x touchpoint matrix over 100,000 stored evaluations, against a raw SQL GROUP BY on the same rows.

Usage: python bench/bench_scores_matrix.py [--evaluations N] [--postgres]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from backend.auth.models import User  # noqa: E402
from backend.checklists.models import ChecklistTemplate, ChecklistVersion  # noqa: E402
from backend.db import make_engine  # noqa: E402
from backend.evaluations.models import Evaluation, EvaluationScore  # noqa: E402
from backend.clients.models import Client  # noqa: E402
from backend.fieldwork.models import Assignment, Location, Project  # noqa: E402
from backend.migrate import upgrade  # noqa: E402
from backend.results import queries  # noqa: E402
from backend.results.queries import ScoreFilter  # noqa: E402

PERSONAS = ("young_digital", "business", "senior")
TOUCHPOINTS = tuple(f"tp_{i}" for i in range(10))
RAW = text("""
    SELECT e.persona, s.key, AVG(s.score), COUNT(s.score)
    FROM evaluation_scores s JOIN evaluations e ON e.id = s.evaluation_id
    WHERE s.dimension = 'touchpoint' AND e.project_id = :project AND e.status = 'released'
    GROUP BY e.persona, s.key
""")


def seed(engine, count: int) -> int:
    rng = random.Random(7)
    with Session(engine) as session:
        client = Client(name="Bench")
        session.add(client)
        session.flush()
        location = Location(client_id=client.id, code="B1", name="Bench store", kind="store")
        tester = User(email="bench@example.org", display_name="Bench", password_hash="x", role="tester")
        template = ChecklistTemplate(key="bench", kind="store_check", latest_version=1)
        session.add_all([location, tester, template])
        session.flush()
        version = ChecklistVersion(template_id=template.id, version=1, title="Bench", source="", source_format="yaml",
                                   definition={}, content_hash="0")
        session.add(version)
        session.flush()
        project = Project(client_id=client.id, checklist_version_id=version.id, name="Bench")
        session.add(project)
        session.commit()
        ids = (client.id, location.id, tester.id, version.id, project.id)
    _, location_id, tester_id, version_id, project_id = ids
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    batch = 5000
    with engine.begin() as connection:
        for start in range(0, count, batch):
            size = min(batch, count - start)
            assignment_rows = [dict(project_id=project_id, location_id=location_id, persona=PERSONAS[i % 3],
                                    tester_id=tester_id, window_start=date(2026, 1, 1), window_end=date(2026, 12, 31),
                                    created_at=now) for i in range(size)]
            first = connection.execute(insert(Assignment).returning(Assignment.id), assignment_rows).scalars().all()
            evaluations, scores = [], []
            for i, assignment_id in enumerate(first):
                evaluation_id = uuid.uuid4()
                evaluations.append(dict(
                    id=evaluation_id, assignment_id=assignment_id, project_id=project_id, location_id=location_id,
                    tester_id=tester_id, checklist_version_id=version_id, persona=PERSONAS[(start + i) % 3],
                    status="released" if rng.random() < 0.9 else "submitted", revision=1, payload_hash="x",
                    flags=[], flag_count=0, knockouts=[], passed=True, total_score=rng.uniform(0, 100),
                    submitted_at=now, created_at=now))
                for touchpoint in TOUCHPOINTS:
                    scores.append(dict(evaluation_id=evaluation_id, dimension="touchpoint", key=touchpoint,
                                       score=None if rng.random() < 0.05 else rng.uniform(0, 100),
                                       achieved=1, possible=1))
            connection.execute(insert(Evaluation), evaluations)
            connection.execute(insert(EvaluationScore), scores)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.execute(text("ANALYZE"))
        connection.commit()
    return project_id


def best_of(runs: int, action) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="run on FIELDCHECK_TEST_POSTGRES_URL instead of SQLite")
    args = parser.parse_args()
    cleanup = None
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.databases import create_postgres_database, drop_postgres_database

        url, engine = create_postgres_database()
        cleanup = lambda: (engine.dispose(), drop_postgres_database(url))  # noqa: E731
    else:
        engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    try:
        upgrade(engine)
        started = time.perf_counter()
        project_id = seed(engine, args.evaluations)
        print(f"seeded {args.evaluations} evaluations x {len(TOUCHPOINTS)} touchpoints in {time.perf_counter() - started:.1f} s")
        score_filter = ScoreFilter(project_id=project_id)
        with Session(engine) as session:
            ours_rows = queries.matrix_rows(session, score_filter, "touchpoint")
            raw_rows = session.connection().execute(RAW, {"project": project_id}).all()
            ours = {(p, k): (round(a.mean, 9), a.n) for p, k, a in ours_rows}
            raw = {(p, k): (round(float(mean), 9), n) for p, k, mean, n in raw_rows}
            assert ours == raw, "the matrix query and the raw GROUP BY disagree"
            ours_time = best_of(5, lambda: queries.matrix_rows(session, score_filter, "touchpoint"))
            raw_time = best_of(5, lambda: session.connection().execute(RAW, {"project": project_id}).all())
    finally:
        if cleanup:
            cleanup()
    print(f"matrix query {ours_time * 1000:.0f} ms, raw GROUP BY {raw_time * 1000:.0f} ms "
          f"({engine.dialect.name}, {args.evaluations} evaluations)")
    print(f"BENCH scores_matrix_{engine.dialect.name} {ours_time * 1000:.1f} ms ratio={ours_time / raw_time:.2f}")


if __name__ == "__main__":
    main()
