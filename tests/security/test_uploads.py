"""Upload attacks: every hostile file is refused with a 4xx and leaves nothing behind; the server stays well."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
import uuid
import zlib
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlmodel import Session, select

from backend.auth.models import Role
from backend.db import make_engine
from backend.media.models import Photo
from tests.factories import jpeg_bytes
from tests.faults.field import Visit, database_url_of, field_server
from tests.security.conftest import LIVE_PHOTO_LIMIT
from tests.security.corpus import (
    MARKER, Upload, neutralised_corpus, png_bomb, refused_corpus, rgba_png_within_limits,
)

LIVE_LIMIT = LIVE_PHOTO_LIMIT
REFUSED = refused_corpus(max_bytes=LIVE_LIMIT)


def stored(live, photo_id: uuid.UUID) -> tuple[int, list[str]]:
    """The photo's rows in the server's database and its files under the server's media directory."""
    engine = make_engine(database_url_of(live))
    try:
        with Session(engine) as session:
            rows = len(session.exec(select(Photo.id).where(Photo.id == photo_id)).all())
    finally:
        engine.dispose()
    return rows, sorted(p.name for p in (live.var_dir / "media" / "photos" / str(photo_id)).glob("*"))


def media_files(live) -> set[str]:
    root = live.var_dir / "media"
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def send(http: httpx.Client, tester, upload: Upload, photo_id: uuid.UUID | None = None):
    photo_id = photo_id or uuid.uuid4()
    response = http.put(
        f"/api/v1/evaluations/{uuid.uuid4()}/photos/{photo_id}", headers=tester.headers,
        data={"assignment_id": str(tester.assignment_id), "question_id": "window_photo"},
        files={"file": (upload.filename, upload.data, upload.content_type)})
    return response, photo_id


# Found by these tests, fixed by backend/body_limit.py: FastAPI's own body limit answered text/plain, and no
# 413 closed the connection, so uvicorn went on reading an endless body.
OVER_THE_LIMIT = {"photo_too_large", "payload_too_large"}


@pytest.mark.e2e
@pytest.mark.parametrize(("upload", "status", "code"), [pytest.param(*case, id=case[0].name) for case in REFUSED])
def test_a_hostile_upload_is_refused_and_leaves_nothing(live_field, upload, status, code):
    live, field, http = live_field.live, live_field.field, live_field.http
    tester = field.testers[0]
    before = media_files(live)
    response, photo_id = send(http, tester, upload)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    assert response.json()["code"] in (OVER_THE_LIMIT if code == "photo_too_large" else {code})
    assert stored(live, photo_id) == (0, [])
    assert media_files(live) == before
    normal, normal_id = send(http, tester, Upload("normal", jpeg_bytes(color=tuple(photo_id.bytes[:3]))))
    assert normal.status_code == 201, "the server must still take an ordinary photo"
    assert stored(live, normal_id) == (1, ["display.jpg", "original", "thumbnail.jpg"])


def test_the_api_process_loads_no_truncated_images(tmp_path):
    """The upload check relies on Pillow refusing truncated files; nothing the app imports may switch that off
    (WeasyPrint does, on import: found by this suite, put back by backend/reports/weasy.py)."""
    probe = "import backend.main; from PIL import ImageFile; print(ImageFile.LOAD_TRUNCATED_IMAGES)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2],
                            env={**os.environ, "FIELDCHECK_VAR_DIR": str(tmp_path)})
    assert result.stdout.strip() == "False"


def test_the_corpus_is_real():
    """A check of the corpus itself: the PNG bomb inflates to all its pixels, and no two files are alike."""
    data = png_bomb()
    width, height = struct.unpack(">II", data[16:24])
    idat_length = struct.unpack(">I", data[33:37])[0]
    assert data[37:41] == b"IDAT"
    inflater, inflated, compressed = zlib.decompressobj(), 0, data[41:41 + idat_length]
    for start in range(0, len(compressed), 4096):
        inflated += len(inflater.decompress(compressed[start:start + 4096]))
    assert (width, height) == (30_000, 30_000)
    assert inflated == height * (width // 8 + 1) > 100 * len(data)
    assert len({(upload.data, upload.content_type) for upload, _, _ in REFUSED}) == len(REFUSED)


@pytest.mark.e2e
@pytest.mark.parametrize("upload", neutralised_corpus(), ids=repr)
def test_a_photo_carrying_hostile_extras_is_served_without_them(live_field, upload):
    """Real photos with script in comments, text chunks or trailing archives: only clean re-encodings go out."""
    field, http = live_field.field, live_field.http
    tester = field.testers[0]
    staff = field.headers(Role.reviewer)
    response, photo_id = send(http, tester, upload)
    assert response.status_code == 201, response.text
    for variant in ("display", "thumbnail"):
        copy = http.get(f"/api/v1/photos/{photo_id}/{variant}", headers=staff)
        assert copy.status_code == 200 and copy.headers["content-type"] == "image/jpeg"
        assert MARKER not in copy.content and b"PK\x03\x04" not in copy.content
        with Image.open(io.BytesIO(copy.content)) as image:
            assert image.format == "JPEG" and not image.getexif() and "comment" not in image.info
    original = http.get(f"/api/v1/photos/{photo_id}/original", headers=staff)
    assert original.headers["content-type"] in ("image/jpeg", "image/png")
    assert original.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in original.headers["content-security-policy"]
    forbidden = http.get(f"/api/v1/photos/{photo_id}/original", headers=tester.headers)
    assert forbidden.status_code == 403, "testers never get originals back"


# -- the real server: bodies that never end --------------------------------------------------------------

# Bytes a client may get into socket buffers before the server's answer cuts it off.
READ_ALLOWANCE = 16 << 20
ENDLESS_CAP = 96 << 20


class Endless:
    """A request body that keeps coming: a prefix, then zeros, until the server hangs up (or a safety cap)."""

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix
        self.sent = 0

    def __iter__(self):
        yield self.prefix
        chunk = b"\0" * 65536
        while self.sent < ENDLESS_CAP:
            self.sent += len(chunk)
            yield chunk


def multipart_prefix(assignment_id: int, boundary: str) -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"assignment_id\"\r\n\r\n{assignment_id}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"question_id\"\r\n\r\nwindow_photo\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"window.jpg\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + b"\xff\xd8\xff\xe0"


@pytest.mark.e2e
def test_an_endless_photo_upload_gets_413_and_the_server_stops_reading(live_field):
    live, field, http = live_field.live, live_field.field, live_field.http
    tester = field.testers[0]
    photo_id = uuid.uuid4()
    body = Endless(multipart_prefix(tester.assignment_id, "fieldcheck-endless"))
    response = http.put(f"/api/v1/evaluations/{uuid.uuid4()}/photos/{photo_id}", content=body,
                        headers={**tester.headers, "Content-Type": "multipart/form-data; boundary=fieldcheck-endless"})
    assert response.status_code == 413, response.text
    assert body.sent < READ_ALLOWANCE, f"the server read {body.sent >> 20} MB past a {LIVE_LIMIT} byte limit"
    assert stored(live, photo_id) == (0, [])
    assert Visit(tester).upload(http).status_code == 201


@pytest.mark.e2e
@pytest.mark.parametrize("method, path", [("POST", "/api/v1/auth/login"),
                                          ("PUT", "/api/v1/evaluations/0b0e9c1e-6f55-4d0c-9a3e-3d6f4c2b9a10")])
def test_an_endless_json_body_without_a_token_gets_413(live_field, method, path):
    """FastAPI reads a JSON body before it checks the token: without a limit, anyone could fill the memory."""
    http = live_field.http
    body = Endless(b'{"email": "a@example.org", "password": "')
    response = http.request(method, path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    assert body.sent < READ_ALLOWANCE, f"the server read {body.sent >> 20} MB of JSON"
    assert http.get("/healthz").status_code == 200


@pytest.mark.e2e
def test_a_declared_oversized_upload_is_refused_with_413(live_field):
    live, field, http = live_field.live, live_field.field, live_field.http
    tester = field.testers[0]
    photo_id = uuid.uuid4()
    response = http.put(f"/api/v1/evaluations/{uuid.uuid4()}/photos/{photo_id}", headers=tester.headers,
                        data={"assignment_id": str(tester.assignment_id), "question_id": "window_photo"},
                        files={"file": ("big.jpg", jpeg_bytes() + b"\0" * (2 * LIVE_LIMIT), "image/jpeg")})
    assert response.status_code == 413
    assert stored(live, photo_id) == (0, [])
    assert Visit(tester).upload(http).status_code == 201


@pytest.mark.e2e
def test_every_413_is_problem_details_and_closes_the_connection(live_field):
    field, http = live_field.field, live_field.http
    tester = field.testers[0]
    answers = [
        http.put(f"/api/v1/evaluations/{uuid.uuid4()}/photos/{uuid.uuid4()}", headers=tester.headers,
                 data={"assignment_id": str(tester.assignment_id), "question_id": "window_photo"},
                 files={"file": ("big.jpg", jpeg_bytes() + b"\0" * (2 * LIVE_LIMIT), "image/jpeg")}),
        http.post("/api/v1/auth/login", content=b'{"email": "' + b"a" * 7_000_000 + b'"}',
                  headers={"Content-Type": "application/json"}),
    ]
    for response in answers:
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json", response.text[:80]
        assert response.json()["code"] in OVER_THE_LIMIT
        assert response.headers.get("connection") == "close"


# -- many decodes at once ---------------------------------------------------------------------------------

def peak_rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM in /proc")


CONCURRENT_UPLOADS = 8
MEMORY_BUDGET_MB = 2_500


@pytest.mark.slow
@pytest.mark.e2e
def test_many_large_decodes_at_once_stay_within_a_memory_budget(tmp_path):
    """Pixel limits bound one decode; only a bound on concurrent decodes bounds the server's memory (8 at once
    took 4 GB before FIELDCHECK_PHOTO_DECODERS existed)."""
    data = rgba_png_within_limits()
    # Two malloc arenas make the peak RSS follow live memory rather than what idle arenas keep.
    env = {"MALLOC_ARENA_MAX": "2", "FIELDCHECK_PHOTO_DECODERS": "2"}
    with field_server(tmp_path, testers=CONCURRENT_UPLOADS, env=env) as (live, field):
        statuses: list[int] = []

        def upload(tester) -> None:
            with httpx.Client(base_url=live.url, timeout=180) as http:
                statuses.append(Visit(tester, photo=data).upload(http).status_code)

        threads = [threading.Thread(target=upload, args=(t,)) for t in field.testers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        peak = peak_rss_mb(live.process.pid)
    assert statuses == [201] * CONCURRENT_UPLOADS
    assert peak < MEMORY_BUDGET_MB, f"the server peaked at {peak} MB for {CONCURRENT_UPLOADS} uploads of 150 KB"
