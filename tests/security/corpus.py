"""A generated corpus of hostile uploads: bombs, broken files, polyglots, non-images named like photos."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

import pillow_heif
from PIL import Image

from tests.factories import jpeg_bytes

# What a browser or a shell would run if the bytes ever reached it as HTML or script.
PAYLOAD = b"<html><body><script>alert('fieldcheck-polyglot')</script></body></html>"
MARKER = b"fieldcheck-polyglot"


@dataclass(frozen=True)
class Upload:
    """One hostile file as a device would send it: bytes, a file name and a declared type."""

    name: str
    data: bytes
    filename: str = "photo.jpg"
    content_type: str = "image/jpeg"

    def __repr__(self) -> str:
        return self.name


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(width: int, height: int, *, bit_depth: int = 8, color: int = 0, idat: bytes | None = None,
         extra: bytes = b"") -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(b"\0" * (width + 1) * height)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + extra + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


@lru_cache
def png_bomb() -> bytes:
    """30000 x 30000 pixels (900 megapixels) of zeros in about 100 KB: the real thing, not just a header."""
    width = height = 30_000
    row = b"\0" * (width // 8 + 1)  # 1 bit per pixel, filter byte first
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return _png(width, height, bit_depth=1, idat=idat)


def png_over_configured_pixels() -> bytes:
    """7000 x 7000: under Pillow's own bomb limit, over fieldcheck's 40 megapixels."""
    width = height = 7_000
    packer = zlib.compressobj(9)
    row = b"\0" * (width // 8 + 1)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return _png(width, height, bit_depth=1, idat=idat)


def rgba_png_within_limits() -> bytes:
    """6300 x 6300 RGBA (39.7 megapixels, under the limit) in about 150 KB: half a gigabyte once decoded."""
    side = 6_300
    packer = zlib.compressobj(9)
    row = b"\0" * (side * 4 + 1)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return _png(side, side, color=6, idat=idat)


def png_with_inflating_profile() -> bytes:
    """A small valid PNG whose iCCP colour profile inflates to 64 MB."""
    profile = zlib.compress(b"\0" * (64 << 20), 9)
    return _png(8, 8, extra=_png_chunk(b"iCCP", b"sRGB\0\0" + profile))


def _jpeg_with_size(width: int, height: int) -> bytes:
    """A real 16 x 16 JPEG whose frame header claims another size."""
    data = bytearray(jpeg_bytes(16, 16))
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            data[at + 5:at + 9] = struct.pack(">HH", height, width)
            return bytes(data)
    raise AssertionError("no frame header in the JPEG")


def webp_bomb() -> bytes:
    """A VP8X header announcing a 16384 x 16384 canvas."""
    body = b"\x10\0\0\0" + (16383).to_bytes(3, "little") + (16383).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def heic_bomb() -> bytes:
    """A real HEIC whose image size box (ispe) claims 60000 x 60000 pixels."""
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 64), (10, 120, 200))).save(buffer, quality=50)
    data = bytearray(buffer.getvalue())
    at = data.find(b"ispe")
    assert at > 0, "no ispe box in the HEIC"
    data[at + 8:at + 16] = struct.pack(">II", 60_000, 60_000)
    return bytes(data)


def _webp(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 160, 60)).save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def _png_real(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def png_bad_crc() -> bytes:
    data = bytearray(_png_real())
    at = data.find(b"IDAT")
    data[at + 4] ^= 0xFF  # the chunk body changes, its CRC does not
    return bytes(data)


def _exif_segment(body: bytes) -> bytes:
    payload = b"Exif\0\0" + body
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_segments(segments: list[bytes], trailer: bytes = b"") -> bytes:
    """A real JPEG with extra marker segments right after SOI, and bytes after its end."""
    base = jpeg_bytes(320, 240, color=(90, 90, 200))
    return base[:2] + b"".join(segments) + base[2:] + trailer


def exif_over_the_limit(limit: int) -> bytes:
    """A JPEG whose EXIF blocks (APP1 segments of 64 KB each) take it past the upload limit."""
    block = _exif_segment(b"MM\0*\0\0\0\x08" + b"\0" * (65_533 - 2 - 6 - 8))
    return jpeg_with_segments([block] * (limit // len(block) + 2))


def hostile_exif() -> bytes:
    """EXIF whose IFDs point at themselves, with a field claiming 2**31 values and a 60 KB maker note."""
    entries = [
        (0x8769, 4, 1, 8),            # Exif IFD pointer: back to IFD0
        (0x8825, 4, 1, 8),            # GPS IFD pointer: back to IFD0
        (0x010F, 2, 0x7FFFFFFF, 8),   # Make: two billion characters at offset 8
        (0x927C, 7, 60_000, 8),       # MakerNote: 60 KB from offset 8 (past the end)
    ]
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHII", *e) for e in entries)
    ifd += struct.pack(">I", 8)  # the next IFD is this one again
    return jpeg_with_segments([_exif_segment(b"MM\0*\0\0\0\x08" + ifd + b"\0" * 60_000)])


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", PAYLOAD)
    return buffer.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert("fieldcheck-polyglot")</script><rect width="10" height="10"/></svg>')
PDF = (b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
       b"3 0 obj<</S/JavaScript/JS(app.alert('fieldcheck-polyglot'))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def refused_corpus(*, max_bytes: int) -> list[tuple[Upload, int, str]]:
    """Every upload the server must refuse, with the status and problem code it must answer."""
    good_jpeg = jpeg_bytes(320, 240)
    too_many = ("photo_too_many_pixels", 422)
    corrupt = ("photo_corrupt", 422)
    not_a_photo = ("photo_unsupported_type", 415)
    cases = [
        (Upload("png-bomb-900-megapixels", png_bomb(), "bomb.png", "image/png"), *too_many),
        (Upload("png-over-configured-pixels", png_over_configured_pixels(), "big.png", "image/png"), *too_many),
        (Upload("jpeg-bomb-65000x65000", _jpeg_with_size(65_000, 65_000)), *too_many),
        (Upload("jpeg-over-configured-pixels", _jpeg_with_size(8_000, 6_000)), *too_many),
        (Upload("webp-bomb-16384x16384", webp_bomb(), "bomb.webp", "image/webp"), *too_many),
        (Upload("heic-bomb-60000x60000", heic_bomb(), "bomb.heic", "image/heic"), *too_many),
        (Upload("png-profile-inflating-to-64mb", png_with_inflating_profile(), "p.png", "image/png"), *corrupt),
        (Upload("jpeg-truncated", good_jpeg[: len(good_jpeg) * 3 // 5]), *corrupt),
        (Upload("png-truncated", _png_real()[:-40], "t.png", "image/png"), *corrupt),
        (Upload("webp-truncated", _webp()[:-30], "t.webp", "image/webp"), *corrupt),
        (Upload("heic-truncated", heic_bomb()[:200], "t.heic", "image/heic"), *corrupt),
        (Upload("png-bad-crc", png_bad_crc(), "c.png", "image/png"), *corrupt),
        (Upload("jpeg-signature-only", b"\xff\xd8\xff\xe0" + b"\0" * 64), *corrupt),
        (Upload("html-behind-jpeg-signature", b"\xff\xd8\xff\xe0" + PAYLOAD), *corrupt),
        (Upload("pdf-behind-png-signature", b"\x89PNG\r\n\x1a\n" + PDF, "x.png", "image/png"), *corrupt),
        (Upload("empty-file", b""), *not_a_photo),
        (Upload("svg-with-script-as-jpeg", SVG), *not_a_photo),
        (Upload("svg-with-script-as-svg", SVG, "x.svg", "image/svg+xml"), *not_a_photo),
        (Upload("pdf-named-jpg", PDF), *not_a_photo),
        (Upload("html-named-png", PAYLOAD, "x.png", "image/png"), *not_a_photo),
        (Upload("gif-javascript-polyglot", b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert('fieldcheck-polyglot')//;",
                "x.gif", "image/gif"), *not_a_photo),
        (Upload("zip-named-jpg", _zip()), *not_a_photo),
        (Upload("photo-one-byte-over-the-limit", good_jpeg + b"\0" * (max_bytes + 1 - len(good_jpeg))),
         "photo_too_large", 413),
        (Upload("exif-blocks-past-the-limit", exif_over_the_limit(max_bytes)), "photo_too_large", 413),
    ]
    return [(upload, status, code) for upload, code, status in cases]


def neutralised_corpus() -> list[Upload]:
    """Real photos that carry hostile extras: accepted, but nothing of the extras reaches anyone who views them."""
    comment = b"\xff\xfe" + struct.pack(">H", len(PAYLOAD) + 2) + PAYLOAD
    return [
        Upload("jpeg-with-script-comment-and-zip-after-its-end", jpeg_with_segments([comment], trailer=_zip())),
        Upload("png-with-script-text-chunk", _png(64, 48, extra=_png_chunk(b"tEXt", b"Comment\0" + PAYLOAD)),
               "x.png", "image/png"),
        Upload("jpeg-with-self-referencing-exif", hostile_exif()),
    ]
