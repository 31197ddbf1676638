import logging
from concurrent.futures import Future
from io import BytesIO

import pytest
import weasyprint
from PIL import Image
from pypdf import PdfReader

from backend.reports.fetcher import (
    PHOTO_MAX_EDGE,
    Asset,
    RefusedURL,
    ReportFetcher,
    asset_url,
    photo_url,
    print_logo,
    print_photo,
)

from .factories import photo_jpeg


def printed(data: bytes | None) -> Future:
    """A finished photo job, as the renderer's thread pool hands it to the fetcher."""
    future = Future()
    future.set_result(print_photo(data) if data is not None else None)
    return future


def fetcher(photos: dict[str, bytes | None] | None = None) -> ReportFetcher:
    return ReportFetcher(
        assets={"report.css": Asset(b"p { color: red }", "text/css")},
        photos={key: printed(data) for key, data in (photos or {}).items()},
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/report.css",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css," + "a" * 100_000,
        "../../etc/passwd",
        "report.css",
        "/etc/passwd",
        "fieldcheck-asset:../report.css",
        "fieldcheck-asset:logo",
        "fieldcheck-asset:/etc/passwd",
        "fieldcheck-photo:unknown",
        "fieldcheck-photo:../photo-1",
        "fieldcheck-photo:file:///etc/passwd",
    ],
)
def test_everything_but_the_reports_own_urls_is_refused(url):
    with pytest.raises(RefusedURL):
        fetcher({"photo-1": photo_jpeg(), "a key/with?odd#chars": photo_jpeg()}).fetch(url)


def test_the_reports_own_stylesheet_is_served_as_css():
    response = fetcher().fetch(asset_url("report.css"))
    assert response.content_type == "text/css"
    assert response.read() == b"p { color: red }"


def test_a_photo_of_the_evaluation_is_served_at_print_size():
    report_fetcher = fetcher({"photo-1": photo_jpeg(2048, 1536), "a key/with?odd#chars": photo_jpeg(1536, 2048)})
    for key, size in (("photo-1", (1024, 768)), ("a key/with?odd#chars", (768, 1024))):
        response = report_fetcher.fetch(photo_url(key))
        image = Image.open(BytesIO(response.read()))
        assert response.content_type == "image/jpeg" and image.format == "JPEG" and image.size == size
        assert max(image.size) == PHOTO_MAX_EDGE


def test_a_photo_that_could_not_be_resolved_or_read_is_refused():
    with pytest.raises(RefusedURL):
        fetcher({"photo-1": None}).fetch(photo_url("photo-1"))
    with pytest.raises(RefusedURL):
        fetcher({"photo-1": b"not an image"}).fetch(photo_url("photo-1"))


def test_print_photo_drops_metadata_and_keeps_small_plain_jpegs():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # rotated: the printed photo must stand upright
    source = Image.new("RGB", (800, 400), (200, 30, 30))
    with_exif = BytesIO()
    source.save(with_exif, "JPEG", exif=exif)
    printed = Image.open(BytesIO(print_photo(with_exif.getvalue())))
    assert "exif" not in printed.info
    assert printed.size == (400, 800)

    plain = photo_jpeg(1000, 750)
    assert print_photo(plain) == plain


def test_print_photo_flattens_transparency_on_white():
    image = Image.new("RGBA", (1500, 300), (0, 0, 0, 0))
    data = BytesIO()
    image.save(data, "PNG")
    printed = Image.open(BytesIO(print_photo(data.getvalue())))
    assert printed.size == (1024, 205)
    assert printed.getpixel((10, 10))[0] > 240


def test_print_photo_refuses_a_decompression_bomb():
    bomb = BytesIO()
    Image.new("1", (7_000, 7_000)).save(bomb, "PNG")
    assert print_photo(bomb.getvalue()) is None
    assert print_logo(bomb.getvalue()) is None


def test_a_logo_becomes_a_small_png():
    logo = print_logo(photo_jpeg(2400, 600))
    image = Image.open(BytesIO(logo.body))
    assert logo.content_type == "image/png" and image.format == "PNG" and image.size == (800, 200)
    assert print_logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_weasyprint_with_the_fetcher_reads_no_file_and_no_network(tmp_path, trap_server, caplog):
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red } /* SECRET-MARKER */")
    picture = tmp_path / "picture.png"
    Image.new("RGB", (50, 50), (255, 0, 0)).save(picture)
    html = f"""<html><head>
      <link rel="stylesheet" href="{secret.as_uri()}">
      <link rel="stylesheet" href="{trap_server.url}/style.css">
      <style>@import url("{trap_server.url}/imported.css");
             @font-face {{ font-family: x; src: url("{trap_server.url}/font.woff"); }}</style>
      </head><body style="background-image: url('{trap_server.url}/background.png')">
      <p>Hallo</p>
      <img src="{picture.as_uri()}"><img src="{trap_server.url}/image.png"><img src="picture.png">
      <svg width="10" height="10"><image href="{picture.as_uri()}" width="10" height="10"/></svg>
      </body></html>"""
    with caplog.at_level(logging.WARNING, logger="backend.reports.fetcher"):
        pdf = weasyprint.HTML(string=html, url_fetcher=fetcher()).write_pdf()
    assert trap_server.requests == []
    refused = [record.getMessage() for record in caplog.records if record.name == "backend.reports.fetcher"]
    assert any(secret.as_uri() in message for message in refused)
    assert any(picture.as_uri() in message for message in refused)
    assert any(trap_server.url in message for message in refused)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert list(page.images) == []
    assert "Hallo" in page.extract_text()
