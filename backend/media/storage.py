"""Keeps photo files behind a narrow seam: the local disk by default, object storage beyond one machine."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

MAX_KEY_LENGTH = 512
# No segment may start with a dot, which rules out "." and ".." and leaves dot-names free for
# temporary files that can never be mistaken for a stored object.
_SEGMENT = r"[a-z0-9_-][a-z0-9_.-]*"
_KEY = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
_PREFIX = re.compile(rf"(?:{_SEGMENT}/)*(?:{_SEGMENT})?")
_MISSING = (FileNotFoundError, IsADirectoryError, NotADirectoryError)
_PUT_ATTEMPTS = 3


class ObjectNotFound(LookupError):
    """No object is stored under the key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"No object is stored under {key!r}.")
        self.key = key


@runtime_checkable
class Storage(Protocol):
    """Where photo files live, under keys the server makes (photos/<uuid>/original and the like).

    Keys are never taken from a request: every implementation checks them with validate_key.

    An S3-compatible implementation fits the same methods one to one, with the key as the object
    key (under an optional bucket prefix) and the bucket kept private: put is PutObject, which is
    atomic by itself (readers see the old object or the new one, never a part); get is GetObject
    read to the end; open hands back GetObject's streaming body (or a spooled temporary file for
    callers that need to seek); exists and size are HeadObject (a 404 answers False or raises
    ObjectNotFound); delete is DeleteObject, which is already idempotent; keys is ListObjectsV2
    with Prefix, following continuation tokens. Nothing above the seam changes.
    """

    def put(self, key: str, data: bytes) -> None:
        """Store data under key, replacing what was there, all or nothing."""
        ...

    def get(self, key: str) -> bytes:
        """Return the bytes stored under key, or raise ObjectNotFound."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Return a binary stream of the object under key for the caller to close, or raise ObjectNotFound."""
        ...

    def exists(self, key: str) -> bool:
        """Tell whether an object is stored under key."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object under key; removing a missing object does nothing."""
        ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Yield every stored key that starts with prefix, in no particular order."""
        ...

    def size(self, key: str) -> int:
        """Return the size in bytes of the object under key, or raise ObjectNotFound."""
        ...


@dataclass(frozen=True)
class PhotoKeys:
    """The storage keys of one photo's original and its two JPEG copies."""

    original: str
    display: str
    thumbnail: str


def make_photo_keys(photo_id: uuid.UUID) -> PhotoKeys:
    """Return the storage keys of the photo with this id."""
    if not isinstance(photo_id, uuid.UUID):
        raise TypeError(f"A photo id must be a UUID, not {type(photo_id).__name__}.")
    base = f"photos/{photo_id}"
    return PhotoKeys(original=f"{base}/original", display=f"{base}/display.jpg", thumbnail=f"{base}/thumbnail.jpg")


def validate_key(key: str) -> str:
    """Return key if it is a well-formed storage key, else raise ValueError."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise ValueError(f"Not a storage key: {key!r}.")
    return key


def validate_prefix(prefix: str) -> str:
    """Return prefix if it can start a storage key (empty, whole segments, then part of one), else raise ValueError."""
    if not isinstance(prefix, str) or len(prefix) > MAX_KEY_LENGTH or not _PREFIX.fullmatch(prefix):
        raise ValueError(f"Not a storage key prefix: {prefix!r}.")
    return prefix


class FileSystemStorage:
    """Storage in a directory on the local disk, one file per key."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def put(self, key: str, data: bytes) -> None:
        """Store data under key: written to a temporary file, synced, then renamed over the old one."""
        path = self._path(key)
        for attempt in range(1, _PUT_ATTEMPTS + 1):
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
                break
            except FileNotFoundError:
                # A delete of the folder's last object pruned the folder in between: make it again.
                if attempt == _PUT_ATTEMPTS:
                    raise
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _fsync_directory(path.parent)

    def get(self, key: str) -> bytes:
        """Return the bytes stored under key, or raise ObjectNotFound."""
        try:
            return self._path(key).read_bytes()
        except _MISSING:
            raise ObjectNotFound(key) from None

    def open(self, key: str) -> BinaryIO:
        """Return the open file of the object under key for the caller to close, or raise ObjectNotFound."""
        try:
            return self._path(key).open("rb")
        except _MISSING:
            raise ObjectNotFound(key) from None

    def exists(self, key: str) -> bool:
        """Tell whether an object is stored under key."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the object under key and the folders it leaves empty; a missing object is fine."""
        path = self._path(key)
        try:
            path.unlink()
        except _MISSING:
            return
        for folder in path.parents:
            if folder == self.root:
                break
            try:
                folder.rmdir()
            except OSError:  # not empty, or already gone
                break

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Yield every stored key that starts with prefix, in no particular order."""
        validate_prefix(prefix)
        # Walk only the deepest folder the prefix names in full.
        folder = self.root.joinpath(*prefix.split("/")[:-1])
        for directory, _, filenames in os.walk(folder):
            relative = Path(directory).relative_to(self.root).as_posix()
            for filename in filenames:
                key = filename if relative == "." else f"{relative}/{filename}"
                if key.startswith(prefix) and _KEY.fullmatch(key):
                    yield key

    def size(self, key: str) -> int:
        """Return the size in bytes of the object under key, or raise ObjectNotFound."""
        try:
            status = self._path(key).stat()
        except _MISSING:
            raise ObjectNotFound(key) from None
        if not stat.S_ISREG(status.st_mode):
            raise ObjectNotFound(key)
        return status.st_size

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*validate_key(key).split("/"))


def _fsync_directory(directory: Path) -> None:
    """Make a rename in directory survive a power cut."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
