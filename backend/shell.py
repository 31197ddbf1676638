"""Serve the offline PWA: index, manifest, static files and a service worker versioned by content."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request, Response

from backend.errors import problem_response

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"
STATIC_DIRS: tuple[str, ...] = ("js", "css", "icons", "i18n")
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
# The agency console is for desks with a network: served, but never precached on a tester's phone.
ONLINE_ONLY: tuple[str, ...] = ("js/console/", "css/console.css", "i18n/console/")
# The service worker template names these two placeholders; the backend fills them per request.
VERSION_PLACEHOLDER = '"__SHELL_VERSION__"'
FILES_PLACEHOLDER = '["__SHELL_FILES__"]'
NO_CACHE = "no-cache"


@dataclass(frozen=True)
class ShellSnapshot:
    """The shell as it is on disk now: the URLs to precache and a version hashed from all contents."""

    urls: tuple[str, ...]
    version: str
    service_worker: bytes


class Shell:
    """The app shell in one directory; re-hashed whenever a file's size or mtime changes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._snapshot: ShellSnapshot | None = None

    def files(self) -> list[Path]:
        """Every file the offline shell is made of, in a stable order (sw.js itself included)."""
        files = [self.root / "index.html", self.root / "manifest.webmanifest", self.root / "sw.js"]
        for folder in STATIC_DIRS:
            base = self.root / folder
            if base.is_dir():
                files.extend(sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in CONTENT_TYPES
                                    and not p.relative_to(self.root).as_posix().startswith(ONLINE_ONLY)))
        return files

    def snapshot(self) -> ShellSnapshot:
        files = self.files()
        signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        with self._lock:
            if signature != self._signature or self._snapshot is None:
                self._snapshot = self._build(files)
                self._signature = signature
            return self._snapshot

    def _build(self, files: list[Path]) -> ShellSnapshot:
        digest = hashlib.sha256()
        for path in files:
            relative = path.relative_to(self.root).as_posix()
            content = path.read_bytes()
            digest.update(f"{relative}\0{len(content)}\0".encode())
            digest.update(content)
        version = digest.hexdigest()[:16]
        urls = ["/"] + [
            "/" + p.relative_to(self.root).as_posix()
            for p in files
            if p.name not in ("index.html", "sw.js")
        ]
        template = (self.root / "sw.js").read_text(encoding="utf-8")
        if VERSION_PLACEHOLDER not in template or FILES_PLACEHOLDER not in template:
            raise RuntimeError("pwa/sw.js lacks the version or file list placeholder")
        script = template.replace(VERSION_PLACEHOLDER, json.dumps(version)).replace(
            FILES_PLACEHOLDER, json.dumps(urls)
        )
        return ShellSnapshot(urls=tuple(urls), version=version, service_worker=script.encode())

    def static_file(self, folder: str, path: str) -> Path | None:
        """The file a static folder holds under exactly this path, or None for anything else: a path that
        only leads there after clean-up ("..", ".", "//", a trailing "/"), one outside the folder, a directory,
        or a name the file system cannot even look up (a NUL byte, a name or path too long)."""
        base = (self.root / folder).resolve()
        try:
            candidate = (base / path).resolve()
            if candidate.relative_to(base).as_posix() != path or not candidate.is_file():
                return None
        except (ValueError, OSError):  # ValueError also from relative_to: a path outside the folder
            return None
        if candidate.suffix not in CONTENT_TYPES:
            return None
        return candidate


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:20] + '"'


def _not_modified(request: Request, etag: str) -> bool:
    return etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]


def build_router(root: Path = PWA_DIR) -> APIRouter:
    """A router that serves the PWA found in `root`."""
    shell = Shell(root)
    router = APIRouter(include_in_schema=False)

    def file_response(request: Request, path: Path) -> Response:
        # Files are not fingerprinted: the browser must revalidate, and an ETag keeps that cheap.
        content = path.read_bytes()
        etag = _etag(content)
        headers = {"Cache-Control": NO_CACHE, "ETag": etag}
        if _not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=CONTENT_TYPES[path.suffix], headers=headers)

    @router.get("/")
    def index(request: Request) -> Response:
        return file_response(request, shell.root / "index.html")

    @router.get("/manifest.webmanifest")
    def manifest(request: Request) -> Response:
        return file_response(request, shell.root / "manifest.webmanifest")

    @router.get("/sw.js")
    def service_worker(request: Request) -> Response:
        snapshot = shell.snapshot()
        etag = f'"{snapshot.version}"'
        headers = {"Cache-Control": NO_CACHE, "ETag": etag, "Service-Worker-Allowed": "/"}
        if _not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return Response(snapshot.service_worker, media_type=CONTENT_TYPES[".js"], headers=headers)

    for folder in STATIC_DIRS:
        router.add_api_route(
            f"/{folder}/{{path:path}}", _static_endpoint(shell, folder, file_response), methods=["GET"]
        )

    return router


def _static_endpoint(shell: Shell, folder: str, file_response):
    def endpoint(request: Request, path: str) -> Response:
        found = shell.static_file(folder, path)
        if found is None:
            # Answered here, not raised: the router also serves apps without fieldcheck's error handlers.
            return problem_response(404, "not_found", f"/{folder}/ has no file of that name.")
        return file_response(request, found)

    endpoint.__name__ = f"shell_{folder}"
    return endpoint


router = build_router()
