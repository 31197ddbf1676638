"""Checks an uploaded photo by its content and makes its clean display and thumbnail copies."""

from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

import pillow_heif
from PIL import Image, ImageCms, ImageFile

from backend.media.formats import JPEG, PhotoFormat, declared_size, sniff_format
from backend.media.metadata import read_metadata

# The one change this module makes to Pillow's global state: an opener for HEIC/HEIF, which is
# what iPhones send. No Pillow setting is touched; the pixel limit is checked per call below.
pillow_heif.register_heif_opener()

DISPLAY_LONG_EDGE = 2048
THUMBNAIL_LONG_EDGE = 400
JPEG_QUALITY = 85

_READ_CHUNK = 1 << 20
_WHITE = (255, 255, 255)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_QUARTER_TURNS = frozenset({5, 6, 7, 8})
# What Pillow and its plugins raise on bytes they cannot decode; Warning for where warnings are
# turned into errors (Pillow warns about broken EXIF while opening), so that is never a crash either.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, RuntimeError, Warning)


class PhotoRejected(Exception):
    """An upload that is not a photo the server accepts, with a stable code and a sentence for humans."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ProcessedPhoto:
    """A checked photo: the facts read from the original and its two metadata-free JPEG copies."""

    sha256: str
    content_type: str
    width: int
    height: int
    taken_at: datetime | None
    gps_latitude: float | None
    gps_longitude: float | None
    display_jpeg: bytes = field(repr=False)
    display_width: int
    display_height: int
    thumbnail_jpeg: bytes = field(repr=False)
    thumbnail_width: int
    thumbnail_height: int


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read a whole upload from a binary stream, refusing it as soon as it passes max_bytes."""
    buffer = bytearray()
    while chunk := stream.read(min(_READ_CHUNK, max_bytes + 1 - len(buffer))):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise _too_large(max_bytes)
    return bytes(buffer)


def process_photo(data: bytes, *, max_bytes: int = 25_000_000, max_pixels: int = 40_000_000) -> ProcessedPhoto:
    """Check an uploaded photo by its content and make its display and thumbnail copies."""
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    photo_format = sniff_format(data)
    if photo_format is None:
        raise PhotoRejected("photo_unsupported_type", "Only JPEG, PNG, WebP and HEIC/HEIF photos are accepted.")
    if size := declared_size(data, photo_format):
        _check_pixels(size, max_pixels)
    with _rejecting_undecodable():
        # verify() checks what a format can check without decoding (every PNG chunk's CRC) and
        # leaves the image unusable, hence the second open.
        _open(data, photo_format, max_pixels).verify()
        image = _open(data, photo_format, max_pixels)
        width, height = image.size
        icc_profile = image.info.get("icc_profile")
        if photo_format is JPEG:
            # libjpeg can decode at 1/2, 1/4 or 1/8 scale, still reading every byte of the file.
            image.draft(None, _fit(image.size, DISPLAY_LONG_EDGE))
        image.load()
        metadata = read_metadata(image)
        display = _display_copy(image, icc_profile=icc_profile, orientation=metadata.orientation)
        thumbnail = _shrink(display, THUMBNAIL_LONG_EDGE)
        display_jpeg, thumbnail_jpeg = _jpeg(display), _jpeg(thumbnail)
    if metadata.orientation in _QUARTER_TURNS:
        width, height = height, width
    return ProcessedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=photo_format.content_type,
        width=width,
        height=height,
        taken_at=metadata.taken_at,
        gps_latitude=metadata.gps_latitude,
        gps_longitude=metadata.gps_longitude,
        display_jpeg=display_jpeg,
        display_width=display.width,
        display_height=display.height,
        thumbnail_jpeg=thumbnail_jpeg,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )


@contextmanager
def _rejecting_undecodable() -> Iterator[None]:
    """Turn Pillow's complaints about the bytes into PhotoRejected with a stable code."""
    try:
        yield
    # Image.open raises the error past twice Pillow's own limit, and the warning past it when
    # warnings are errors; otherwise the warning is only printed and _check_pixels refuses.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRejected("photo_too_many_pixels", "The photo has too many pixels to be accepted.") from error
    except _DECODE_ERRORS as error:
        raise PhotoRejected("photo_corrupt", "The photo is damaged or incomplete and cannot be read.") from error


def _open(data: bytes, photo_format: PhotoFormat, max_pixels: int) -> ImageFile.ImageFile:
    """Open the bytes with the plugin their first bytes announce and check the size from the header."""
    image = Image.open(io.BytesIO(data), formats=[photo_format.pillow_format])
    if image.format not in photo_format.pillow_names:
        raise PhotoRejected("photo_corrupt", "The photo's content does not match its format.")
    _check_pixels(image.size, max_pixels)
    return image


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise PhotoRejected(
            "photo_too_many_pixels",
            f"The photo has {width}x{height} pixels; at most {max_pixels} pixels are accepted.",
        )


def _too_large(max_bytes: int) -> PhotoRejected:
    return PhotoRejected("photo_too_large", f"The photo is larger than {max_bytes} bytes.")


def _display_copy(image: Image.Image, *, icc_profile: bytes | None, orientation: int) -> Image.Image:
    """Return the photo upright, in sRGB, no longer than DISPLAY_LONG_EDGE on its long edge."""
    # Shrinking first makes the colour conversion and the turn cost a fraction; the long-edge
    # limit is the same whichever way the photo is turned.
    shrunk = _shrink(_flatten(image), DISPLAY_LONG_EDGE)
    srgb = _to_srgb(shrunk, icc_profile)
    method = _TRANSPOSE.get(orientation)
    return srgb.transpose(method) if method else srgb


def _flatten(image: Image.Image) -> Image.Image:
    """Return the pixels in 8-bit RGB, L or CMYK, the modes colour profiles apply to, alpha over white."""
    if image.mode.startswith("I"):  # 16- and 32-bit greyscale: keep the top 8 bits
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, _WHITE)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat.convert("L") if image.mode in ("L", "LA", "La") else flat
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Return RGB pixels in sRGB, converted through the photo's own colour profile when it has one."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile, or one for other pixels than these, is ignored: colours stay as stored
    return image if image.mode == "RGB" else image.convert("RGB")


def _shrink(image: Image.Image, long_edge: int) -> Image.Image:
    size = _fit(image.size, long_edge)
    if size == image.size:
        return image
    # Image.thumbnail's choice: antialiased bicubic, after an integer box reduction where the
    # factor is large; LANCZOS looks no better at these sizes and costs half as much again.
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """Return size scaled down so its long edge is at most long_edge, keeping the aspect ratio."""
    width, height = size
    scale = long_edge / max(width, height)
    if scale >= 1:
        return size
    return max(1, round(width * scale)), max(1, round(height * scale))


def _jpeg(image: Image.Image) -> bytes:
    """Encode the pixels alone: a fresh image carries no EXIF, XMP, ICC profile or comment to copy."""
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    buffer = io.BytesIO()
    bare.save(buffer, format="JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return buffer.getvalue()
