import hashlib
import io
import struct
import warnings
import zipfile
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

from backend.media.pipeline import PhotoRejected, ProcessedPhoto, process_photo, read_limited

RED = (220, 20, 20)
BLUE = (20, 20, 220)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description secret="xmp-secret"/></rdf:RDF></x:xmpmeta>'


def encode(image: Image.Image, image_format: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def two_color_image(size: tuple[int, int] = (400, 200)) -> Image.Image:
    """Left half red, right half blue, so every turn and flip is visible."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def camera_exif(
    *,
    orientation: int | None = None,
    taken: str | None = "2024:05:17 14:03:22",
    offset: str | None = None,
    subseconds: str | None = None,
    latitude: tuple | None = None,
    latitude_ref: str | None = None,
    longitude: tuple | None = None,
    longitude_ref: str | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FieldCam"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    for tag, value in (
        (ExifTags.Base.DateTimeOriginal, taken),
        (ExifTags.Base.OffsetTimeOriginal, offset),
        (ExifTags.Base.SubsecTimeOriginal, subseconds),
    ):
        if value is not None:
            exif_ifd[tag] = value
    gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    for tag, value in (
        (ExifTags.GPS.GPSLatitude, latitude),
        (ExifTags.GPS.GPSLatitudeRef, latitude_ref),
        (ExifTags.GPS.GPSLongitude, longitude),
        (ExifTags.GPS.GPSLongitudeRef, longitude_ref),
    ):
        if value is not None:
            gps_ifd[tag] = value
    return exif


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and has garbage for pixel data: decoding it would fail."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    garbage = png_chunk(b"IDAT", b"not zlib data" * 4)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + garbage + png_chunk(b"IEND", b"")


def assert_close(actual: tuple, expected: tuple, tolerance: int = 40) -> None:
    assert all(abs(a - e) <= tolerance for a, e in zip(actual, expected)), (actual, expected)


def reopen(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    image.load()
    return image


def rejection(data: bytes, **limits) -> str:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, **limits)
    assert caught.value.message
    return caught.value.code


# Orientation


@pytest.mark.parametrize(
    ("orientation", "upright_size", "red_at", "blue_at"),
    [
        (1, (400, 200), (100, 100), (300, 100)),
        (3, (400, 200), (300, 100), (100, 100)),
        (6, (200, 400), (100, 100), (100, 300)),
        (8, (200, 400), (100, 300), (100, 100)),
    ],
)
def test_exif_orientation_is_applied_to_the_copies_and_the_size(orientation, upright_size, red_at, blue_at):
    photo = process_photo(encode(two_color_image(), exif=camera_exif(orientation=orientation)))

    display = reopen(photo.display_jpeg)
    assert (photo.width, photo.height) == upright_size
    assert display.size == (photo.display_width, photo.display_height) == upright_size
    assert_close(display.getpixel(red_at), RED)
    assert_close(display.getpixel(blue_at), BLUE)
    thumbnail = reopen(photo.thumbnail_jpeg)
    assert thumbnail.size == (photo.thumbnail_width, photo.thumbnail_height) == upright_size


def test_heic_orientation_is_applied_once():
    heic = encode(two_color_image(), "HEIF", exif=camera_exif(orientation=6).tobytes())

    photo = process_photo(heic)

    display = reopen(photo.display_jpeg)
    assert (photo.width, photo.height) == display.size == (200, 400)
    assert_close(display.getpixel((100, 100)), RED)
    assert_close(display.getpixel((100, 300)), BLUE)


# Capture time and position


def test_capture_time_with_offset_is_aware():
    photo = process_photo(encode(two_color_image(), exif=camera_exif(offset="+02:00", subseconds="25")))

    assert photo.taken_at == datetime(2024, 5, 17, 14, 3, 22, 250000, tzinfo=timezone(timedelta(hours=2)))


def test_capture_time_without_offset_is_naive():
    photo = process_photo(encode(two_color_image(), exif=camera_exif()))

    assert photo.taken_at == datetime(2024, 5, 17, 14, 3, 22)
    assert photo.taken_at.tzinfo is None


@pytest.mark.parametrize("taken", [None, "0000:00:00 00:00:00", "yesterday", "2024:13:40 25:61:00"])
def test_missing_or_impossible_capture_time_is_none(taken):
    photo = process_photo(encode(two_color_image(), exif=camera_exif(taken=taken)))

    assert photo.taken_at is None


@pytest.mark.parametrize(
    ("latitude_ref", "longitude_ref", "signs"),
    [("N", "E", (1, 1)), ("S", "E", (-1, 1)), ("N", "W", (1, -1)), ("S", "W", (-1, -1))],
)
def test_gps_position_is_signed_by_its_refs(latitude_ref, longitude_ref, signs):
    exif = camera_exif(
        latitude=(IFDRational(33, 1), IFDRational(51, 1), IFDRational(5445, 100)),
        latitude_ref=latitude_ref,
        longitude=(IFDRational(151, 1), IFDRational(12, 1), IFDRational(30, 1)),
        longitude_ref=longitude_ref,
    )

    photo = process_photo(encode(two_color_image(), exif=exif))

    assert photo.gps_latitude == pytest.approx(signs[0] * (33 + 51 / 60 + 54.45 / 3600))
    assert photo.gps_longitude == pytest.approx(signs[1] * (151 + 12 / 60 + 30 / 3600))


@pytest.mark.parametrize(
    "gps",
    [
        {},
        {"latitude": (48.0, 8.0, 0.0), "latitude_ref": "N"},  # no longitude
        {"latitude": (48.0, 8.0, 0.0), "longitude": (11.0, 34.0, 0.0)},  # no refs
        {
            "latitude": (IFDRational(0, 0), IFDRational(0, 0), IFDRational(0, 0)),
            "latitude_ref": "N",
            "longitude": (IFDRational(0, 0), IFDRational(0, 0), IFDRational(0, 0)),
            "longitude_ref": "E",
        },
        {"latitude": (95.0, 0.0, 0.0), "latitude_ref": "N", "longitude": (11.0, 0.0, 0.0), "longitude_ref": "E"},
    ],
)
def test_incomplete_or_impossible_gps_gives_no_position(gps):
    photo = process_photo(encode(two_color_image(), exif=camera_exif(**gps)))

    assert (photo.gps_latitude, photo.gps_longitude) == (None, None)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
def test_broken_exif_block_loses_the_metadata_not_the_photo():
    photo = process_photo(encode(two_color_image(), exif=b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\xffbroken"))

    assert photo.taken_at is None
    assert (photo.width, photo.height) == (400, 200)


def test_unreadable_color_profile_is_ignored():
    photo = process_photo(encode(two_color_image(), icc_profile=b"not a colour profile" * 10))

    assert_close(reopen(photo.display_jpeg).getpixel((100, 100)), RED)


# Clean copies


def leaky_sources() -> dict[str, bytes]:
    exif = camera_exif(
        orientation=6,
        latitude=(48.0, 8.0, 0.0),
        latitude_ref="N",
        longitude=(11.0, 34.0, 0.0),
        longitude_ref="E",
    )
    png_text = PngImagePlugin.PngInfo()
    png_text.add_text("Comment", "png-secret")
    png_text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return {
        "jpeg": encode(two_color_image(), exif=exif, icc_profile=SRGB_ICC, xmp=XMP, comment=b"jpeg-secret"),
        "jpeg-without-profile": encode(two_color_image(), exif=exif, xmp=XMP, comment=b"jpeg-secret"),
        "png-without-profile": encode(two_color_image(), "PNG", exif=exif, pnginfo=png_text),
        "png": encode(two_color_image(), "PNG", exif=exif, icc_profile=SRGB_ICC, pnginfo=png_text),
        "webp": encode(two_color_image(), "WEBP", exif=exif, icc_profile=SRGB_ICC, xmp=XMP),
        "heic": encode(two_color_image(), "HEIF", exif=exif.tobytes(), xmp=XMP),
    }


@pytest.mark.parametrize("source", leaky_sources().values(), ids=leaky_sources().keys())
def test_copies_carry_no_metadata(source):
    photo = process_photo(source)

    for jpeg in (photo.display_jpeg, photo.thumbnail_jpeg):
        copy = reopen(jpeg)
        assert not copy.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(copy.info)
        for leak in (b"Exif\x00", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"secret", b"FieldCam"):
            assert leak not in jpeg


def test_display_copy_is_a_progressive_jpeg_at_quality_85():
    photo = process_photo(encode(two_color_image(), quality=98))

    display = reopen(photo.display_jpeg)
    assert display.info.get("progressive")
    reference = reopen(encode(two_color_image(), quality=85))
    assert display.quantization == reference.quantization


# Sizes


@pytest.mark.parametrize(
    ("size", "display_size", "thumbnail_size"),
    [
        ((5000, 1000), (2048, 410), (400, 80)),
        ((1000, 3000), (683, 2048), (133, 400)),
        ((2048, 2048), (2048, 2048), (400, 400)),
        ((300, 200), (300, 200), (300, 200)),
        ((1, 1), (1, 1), (1, 1)),
    ],
)
def test_long_edges_are_clamped_never_enlarged(size, display_size, thumbnail_size):
    photo = process_photo(encode(Image.new("RGB", size, RED), "PNG"))

    assert (photo.width, photo.height) == size
    assert reopen(photo.display_jpeg).size == (photo.display_width, photo.display_height) == display_size
    assert reopen(photo.thumbnail_jpeg).size == (photo.thumbnail_width, photo.thumbnail_height) == thumbnail_size


@pytest.fixture(scope="module")
def large_jpeg() -> bytes:
    """Big enough for the decoder to work at half scale."""
    noise = Image.effect_noise((5000, 2500), 40).convert("RGB")
    return encode(noise, quality=80)


def test_large_jpeg_is_decoded_small_but_sized_exactly(large_jpeg):
    photo = process_photo(large_jpeg)

    assert (photo.width, photo.height) == (5000, 2500)
    assert (photo.display_width, photo.display_height) == (2048, 1024)
    assert reopen(photo.display_jpeg).size == (2048, 1024)


def test_truncated_large_jpeg_is_corrupt_even_when_decoded_small(large_jpeg):
    assert rejection(large_jpeg[: len(large_jpeg) * 2 // 3]) == "photo_corrupt"


# Accepted formats and what the copies look like


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp"), ("HEIF", "image/heic")],
)
def test_every_accepted_format_is_recognised_by_content(image_format, content_type):
    data = encode(two_color_image(), image_format)

    photo = process_photo(data)

    assert isinstance(photo, ProcessedPhoto)
    assert photo.content_type == content_type
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    display = reopen(photo.display_jpeg)
    assert display.mode == "RGB"
    assert_close(display.getpixel((100, 100)), RED)
    assert_close(display.getpixel((300, 100)), BLUE)


def transparent_sources() -> dict[str, bytes]:
    rgba = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    rgba.paste((200, 0, 0, 255), (0, 0, 20, 40))
    palette = Image.new("P", (40, 40), 0)
    palette.putpalette([0, 0, 0, 200, 0, 0])
    palette.paste(1, (0, 0, 20, 40))
    grey_alpha = Image.new("LA", (40, 40), (0, 0))
    grey_alpha.paste((60, 255), (0, 0, 20, 40))
    return {
        "rgba-png": encode(rgba, "PNG"),
        "palette-png": encode(palette, "PNG", transparency=0),
        "grey-alpha-png": encode(grey_alpha, "PNG"),
        "rgba-webp": encode(rgba, "WEBP", lossless=True),
        "rgba-heic": encode(rgba, "HEIF", quality=-1),
    }


@pytest.mark.parametrize("source", transparent_sources().values(), ids=transparent_sources().keys())
def test_transparency_is_flattened_over_white(source):
    display = reopen(process_photo(source).display_jpeg)

    assert display.mode == "RGB"
    assert_close(display.getpixel((35, 20)), (255, 255, 255), tolerance=8)
    assert display.getpixel((5, 20))[0] < 230


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (encode(Image.new("CMYK", (40, 40), (0, 255, 255, 0))), (255, 0, 0)),
        (encode(Image.new("I;16", (40, 40), 40000), "PNG"), (156, 156, 156)),
        (encode(Image.new("1", (40, 40), 1), "PNG"), (255, 255, 255)),
        (encode(Image.new("L", (40, 40), 90)), (90, 90, 90)),
    ],
    ids=["cmyk-jpeg", "16-bit-grey-png", "bilevel-png", "grey-jpeg"],
)
def test_other_modes_become_rgb(source, expected):
    display = reopen(process_photo(source).display_jpeg)

    assert display.mode == "RGB"
    assert_close(display.getpixel((20, 20)), expected, tolerance=6)


# Refused content


def gif() -> bytes:
    return encode(two_color_image(), "GIF")


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert('zip-payload')</script>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is text",
        gif(),
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        encode(two_color_image(), "BMP"),
        encode(two_color_image(), "TIFF"),
        encode(two_color_image(), "AVIF"),
        b"<html><script>alert(1)</script></html>" + encode(two_color_image()),
        gif() + encode(two_color_image()),
        zip_archive() + encode(two_color_image()),
    ],
    ids=[
        "empty",
        "text",
        "gif",
        "svg-with-script",
        "html",
        "pdf",
        "bmp",
        "tiff",
        "avif",
        "html-then-jpeg",
        "gif-then-jpeg",
        "zip-then-jpeg",
    ],
)
def test_anything_but_an_accepted_image_header_is_an_unsupported_type(data):
    assert rejection(data) == "photo_unsupported_type"


def bad_crc_png() -> bytes:
    data = bytearray(encode(two_color_image(), "PNG"))
    crc_at = data.index(b"IDAT") + 4 + struct.unpack(">I", data[data.index(b"IDAT") - 4 : data.index(b"IDAT")])[0]
    data[crc_at] ^= 0xFF
    return bytes(data)


def truncated(image_format: str) -> bytes:
    data = encode(Image.effect_noise((300, 300), 60).convert("RGB"), image_format)
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "data",
    [
        truncated("JPEG"),
        truncated("PNG"),
        truncated("WEBP"),
        truncated("HEIF"),
        bad_crc_png(),
        png_header_only(300, 200),
        png_header_only(300, 200)[:33] + b"garbage after the header" * 20,
        b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20,
        b"\x89PNG\r\n\x1a\n" + encode(two_color_image()),
    ],
    ids=[
        "truncated-jpeg",
        "truncated-png",
        "truncated-webp",
        "truncated-heic",
        "png-bad-idat-crc",
        "png-garbage-for-pixels",
        "png-garbage-after-header",
        "jpeg-magic-then-garbage",
        "png-magic-then-jpeg",
    ],
)
def test_damaged_images_are_corrupt(data):
    assert rejection(data) == "photo_corrupt"


def test_jpeg_with_an_archive_behind_it_is_a_jpeg_and_the_copies_leave_the_archive_behind():
    data = encode(two_color_image()) + zip_archive()

    photo = process_photo(data)

    assert photo.content_type == "image/jpeg"
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    for jpeg in (photo.display_jpeg, photo.thumbnail_jpeg):
        assert b"PK\x03\x04" not in jpeg
        assert b"zip-payload" not in jpeg


# Limits


def webp_header_only(width: int, height: int) -> bytes:
    """A WebP whose extended header declares the canvas size, with no image data behind it."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


def jpeg_header_only(width: int, height: int) -> bytes:
    """A JPEG whose frame header declares the size, with no scan data behind it."""
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    scan = b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", 2 + len(frame)) + frame + b"\xff\xda" + struct.pack(
        ">H", 2 + len(scan)
    ) + scan


@pytest.mark.parametrize(
    "data",
    [
        png_header_only(20000, 20000),
        png_header_only(7000, 7000),
        webp_header_only(16000, 16000),
        webp_header_only(7000, 7000),
        jpeg_header_only(65000, 65000),
        jpeg_header_only(7000, 7000),
    ],
    ids=["png-400mp", "png-49mp", "webp-256mp", "webp-49mp", "jpeg-4gp", "jpeg-49mp"],
)
def test_too_many_pixels_is_refused_from_the_header_before_decoding(data):
    # These files have no pixel data: decoding them would give photo_corrupt.
    assert rejection(data) == "photo_too_many_pixels"


def test_real_decompression_bomb_png_is_refused():
    bomb = encode(Image.new("1", (20000, 20000), 1), "PNG")
    assert len(bomb) < 1_000_000

    assert rejection(bomb) == "photo_too_many_pixels"


def test_pillows_bomb_warning_as_an_error_is_refused_too():
    # 10000x10000 is past Pillow's warning limit but under its error limit.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        assert rejection(jpeg_header_only(10000, 10000), max_pixels=200_000_000) == "photo_too_many_pixels"


def test_pixel_limit_is_per_call():
    data = encode(two_color_image(), "PNG")

    assert rejection(data, max_pixels=400 * 200 - 1) == "photo_too_many_pixels"
    assert process_photo(data, max_pixels=400 * 200).width == 400


def test_byte_limit_is_per_call():
    data = encode(two_color_image())

    assert rejection(data, max_bytes=len(data) - 1) == "photo_too_large"
    assert process_photo(data, max_bytes=len(data)).width == 400


def test_read_limited_returns_an_upload_within_the_limit():
    assert read_limited(io.BytesIO(b"x" * 3_000_000), 3_000_000) == b"x" * 3_000_000


def test_read_limited_stops_reading_just_past_the_limit():
    stream = io.BytesIO(b"x" * 5_000_000)

    with pytest.raises(PhotoRejected) as caught:
        read_limited(stream, 2_500_000)

    assert caught.value.code == "photo_too_large"
    assert stream.tell() == 2_500_001
