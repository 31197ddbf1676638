import io
import struct

import pytest
from PIL import Image

from backend.media.formats import HEIC, HEIF, JPEG, PNG, WEBP, declared_size, sniff_format


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    payload = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(payload)) + b"ftyp" + payload + b"\x00\x00\x00\x08meta"


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xdb", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8L", WEBP),
        (b"RIFF\x00\x00\x00\x00WEBPJUNK", None),
        (b"RIFF\x00\x00\x00\x00AVI LIST", None),
        (ftyp(b"heic", b"mif1", b"heic"), HEIC),
        (ftyp(b"hevc", b"msf1"), HEIC),
        (ftyp(b"mif1", b"mif1", b"heic"), HEIF),
        (ftyp(b"mif1", b"mif1", b"avif"), None),
        (ftyp(b"avif", b"mif1", b"avif"), None),
        (ftyp(b"isom", b"mp41"), None),
        (b"\x00\x00\x00\x18ftypmif1", None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_formats_are_sniffed_from_the_first_bytes(data, expected):
    assert sniff_format(data) is expected


@pytest.mark.parametrize("options", [{}, {"lossless": True}, {"exif": b"Exif\x00\x00"}], ids=["vp8", "vp8l", "vp8x"])
def test_webp_canvas_size_is_read_from_every_header_kind(options):
    data = encode(Image.new("RGB", (321, 123)), "WEBP", **options)

    assert declared_size(data, WEBP) == (321, 123)


def test_png_size_is_read_from_the_header():
    assert declared_size(encode(Image.new("RGB", (321, 123)), "PNG"), PNG) == (321, 123)


def test_other_formats_leave_the_size_to_pillow():
    assert declared_size(encode(Image.new("RGB", (32, 12)), "JPEG"), JPEG) is None
    assert declared_size(b"\x89PNG\r\n\x1a\n", PNG) is None
