"""Ingest throughput: submissions with three 2048 px photos each through the real server over HTTP,
against the bare Pillow pipeline (decode, orient, two re-encodings) on the same photos in the same run.

Usage: python bench/bench_ingest.py [--submissions N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The seeded tokens are digested under this key here and checked under it by the server (tests/live.py).
os.environ.setdefault("FIELDCHECK_SECRET_KEY", "bench-secret-not-for-production")

import httpx  # noqa: E402
from PIL import Image, ImageFilter, ImageOps  # noqa: E402
from sqlmodel import Session  # noqa: E402

from backend.auth.models import Role, User  # noqa: E402
from backend.auth.service import issue_token  # noqa: E402
from backend.checklists import service as checklists  # noqa: E402
from backend.config import Settings  # noqa: E402
from backend.db import make_engine  # noqa: E402
from backend.auth.principal import Principal  # noqa: E402
from backend.clients.models import Client  # noqa: E402
from backend.fieldwork.models import Assignment, Location, Project  # noqa: E402
from tests.factories import MINI_TEMPLATE  # noqa: E402
from tests.live import prepare  # noqa: E402

# The mini checklist's window photo question takes up to two photos; the bench's copy takes three.
TEMPLATE = MINI_TEMPLATE.replace("photos: {min: 1, max: 2}", "photos: {min: 3, max: 3}")


def photo(seed: int) -> bytes:
    """A 2048 x 1536 JPEG with real texture, so its size and decode cost are like a phone photo's."""
    rng = random.Random(seed)
    base = Image.effect_noise((512, 384), 60).convert("RGB").resize((2048, 1536))
    tint = Image.new("RGB", base.size, (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    image = Image.blend(base, tint, 0.4).filter(ImageFilter.DETAIL)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def bare_pillow(data: bytes) -> None:
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    image.thumbnail((2048, 2048))
    image.save(io.BytesIO(), "JPEG", quality=85)
    image.thumbnail((400, 400))
    image.save(io.BytesIO(), "JPEG", quality=85)


def seed(url: str, submissions: int) -> list[tuple[int, str]]:
    engine = make_engine(url)
    with Session(engine) as session:
        admin = User(email="admin@bench.example", display_name="Admin", password_hash="x", role=Role.admin)
        client = Client(name="Bench client")
        session.add_all([admin, client])
        session.flush()
        version, _ = checklists.publish(session=session, principal=Principal(admin), source=TEMPLATE, source_format="yaml")
        location = Location(client_id=client.id, code="S1", name="Store", kind="store", latitude=52.52, longitude=13.40)
        session.add(location)
        session.flush()
        project = Project(client_id=client.id, checklist_version_id=version.id, name="Bench")
        session.add(project)
        session.flush()
        work = []
        settings = Settings()
        for index in range(submissions):
            tester = User(email=f"t{index}@bench.example", display_name=f"T{index}", password_hash="x",
                          role=Role.tester, pseudonym=f"Tester {index}")
            session.add(tester)
            session.flush()
            assignment = Assignment(project_id=project.id, location_id=location.id, persona="young",
                                    tester_id=tester.id, window_start=date(2026, 1, 1), window_end=date(2026, 12, 31))
            session.add(assignment)
            session.flush()
            token, _ = issue_token(session=session, settings=settings, user_id=tester.id)
            work.append((assignment.id, token))
        session.commit()
    engine.dispose()
    return work


def submit(base: str, assignment_id: int, token: str, photos: list[bytes]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    evaluation_id = uuid.uuid4()
    photo_ids = []
    with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
        for data in photos:
            photo_id = uuid.uuid4()
            response = http.put(f"/api/v1/evaluations/{evaluation_id}/photos/{photo_id}",
                                data={"assignment_id": str(assignment_id), "question_id": "window_photo"},
                                files={"file": ("p.jpg", data, "image/jpeg")})
            response.raise_for_status()
            photo_ids.append(str(photo_id))
        body = {"assignment_id": assignment_id, "persona": "young",
                "answers": {"greeted": {"value": True}, "window_photo": {"photos": photo_ids}, "advice": {"value": "ok"}},
                "visit_started_at": "2026-03-02T10:00:00Z", "visit_ended_at": "2026-03-02T10:20:00Z"}
        http.put(f"/api/v1/evaluations/{evaluation_id}", json=body).raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=24)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    photos = [photo(i) for i in range(3 * args.submissions)]
    started = time.perf_counter()
    for data in photos:
        bare_pillow(data)
    baseline = time.perf_counter() - started

    var_dir = Path(tempfile.mkdtemp(prefix="fieldcheck-bench-"))
    server = prepare(var_dir, demo=False)
    work = seed(server.env.get("FIELDCHECK_DATABASE_URL") or f"sqlite:///{var_dir / 'fieldcheck.db'}", args.submissions)
    server.start()
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [pool.submit(submit, server.url, assignment_id, token, photos[3 * i:3 * i + 3])
                       for i, (assignment_id, token) in enumerate(work)]
            for future in futures:
                future.result()
        ingest = time.perf_counter() - started
    finally:
        server.stop()
    rate = args.submissions / ingest
    print(f"{args.submissions} submissions x 3 photos over HTTP in {ingest:.1f} s ({rate:.2f}/s, concurrency "
          f"{args.concurrency}); bare Pillow on the same photos {baseline:.1f} s ({args.submissions / baseline:.2f}/s)")
    print(f"BENCH ingest {rate:.2f} submissions/s ratio={ingest / baseline:.2f}")


if __name__ == "__main__":
    main()
