"""The image pipeline under its decoder limit, and the configured file storage. Knows no evaluation."""

from __future__ import annotations

import threading
from functools import lru_cache

from backend.config import get_settings
from backend.errors import AppError
from backend.media.pipeline import PhotoRejected, ProcessedPhoto, process_photo
from backend.media.storage import FileSystemStorage, Storage

REJECTION_STATUS = {"photo_too_large": 413, "photo_unsupported_type": 415}


@lru_cache
def _decoders() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(get_settings().photo_decoders)


def checked_photo(data: bytes) -> ProcessedPhoto:
    """Run the image pipeline; runs before any database work so no lock is held while decoding.

    At most `photo_decoders` photos are decoded at once: fifty testers syncing together must not
    need fifty full-size images in memory.
    """
    settings = get_settings()
    try:
        with _decoders():
            return process_photo(data, max_bytes=settings.photo_max_bytes, max_pixels=settings.photo_max_pixels)
    except PhotoRejected as exc:
        raise AppError(REJECTION_STATUS.get(exc.code, 422), exc.code, exc.message) from exc


@lru_cache
def get_storage() -> Storage:
    """The configured file storage: the local disk now, object storage behind the same interface later."""
    return FileSystemStorage(get_settings().media_dir)
