"""Recognises the accepted photo formats from their first bytes, whatever the name or declared type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhotoFormat:
    """An accepted photo format: its media type and the Pillow plugin that must agree with the bytes."""

    content_type: str
    pillow_format: str
    # What image.format may read after Pillow opened the bytes with pillow_format (a JPEG with
    # Multi-Picture data, as many cameras write, comes back as MPO).
    pillow_names: frozenset[str]


JPEG = PhotoFormat("image/jpeg", "JPEG", frozenset({"JPEG", "MPO"}))
PNG = PhotoFormat("image/png", "PNG", frozenset({"PNG"}))
WEBP = PhotoFormat("image/webp", "WEBP", frozenset({"WEBP"}))
HEIC = PhotoFormat("image/heic", "HEIF", frozenset({"HEIF"}))
HEIF = PhotoFormat("image/heif", "HEIF", frozenset({"HEIF"}))

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WEBP_CHUNKS = (b"VP8 ", b"VP8L", b"VP8X")
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_GENERIC_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})


def sniff_format(data: bytes) -> PhotoFormat | None:
    """Return the accepted format the first bytes announce, or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] in _WEBP_CHUNKS:
        return WEBP
    if data[4:8] == b"ftyp":
        return _sniff_heif(data)
    return None


def _sniff_heif(data: bytes) -> PhotoFormat | None:
    major_brand = data[8:12]
    if major_brand in _HEVC_BRANDS:
        return HEIC
    # mif1/msf1 only say "some HEIF container": AVIF uses them too, and only HEVC content is
    # accepted, so one of the compatible brands must name it.
    box_size = int.from_bytes(data[:4], "big")
    compatible = data[16 : min(box_size, len(data))]
    brands = {compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4)}
    if major_brand in _GENERIC_HEIF_BRANDS and brands & _HEVC_BRANDS:
        return HEIF
    return None


def declared_size(data: bytes, photo_format: PhotoFormat) -> tuple[int, int] | None:
    """Return the size a PNG or WebP header declares, or None when the bytes do not say."""
    # Pillow's WebP opener allocates the whole canvas while opening, and its PNG opener reads every
    # chunk up to the pixel data, before any caller can look at the size: check the header first.
    if photo_format is PNG and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if photo_format is WEBP:
        return _webp_canvas_size(data)
    return None


def _webp_canvas_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        height = int.from_bytes(data[28:30], "little") & 0x3FFF
        return width, height
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
