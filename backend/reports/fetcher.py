"""The only way a report reaches outside its HTML: its own assets and its evaluation's own photos.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a document names. This
fetcher answers two private schemes and refuses everything else (file paths, http, data: URLs,
relative paths), so neither a template mistake nor a hostile text can read files or the network.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import quote, unquote

from PIL import Image, ImageOps, UnidentifiedImageError
from backend.reports.weasy import URLFetcher, URLFetcherResponse

LOGGER = logging.getLogger(__name__)

ASSET_SCHEME = "fieldcheck-asset"
PHOTO_SCHEME = "fieldcheck-photo"

# Photos print at most about 85 mm wide: 1024 pixels give 300 dpi there. The media module's
# display copies are 2048 pixels, which the JPEG decoder halves while decoding, for free.
PHOTO_MAX_EDGE = 1024
LOGO_MAX_EDGE = 800
# Photos arrive already checked by the media module; this bound only keeps a bad one from
# exhausting a render worker's memory.
MAX_SOURCE_PIXELS = 40_000_000
_METADATA_KEYS = frozenset({"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"})


def asset_url(name: str) -> str:
    """The URL under which the fetcher serves one of the report's own assets."""
    return f"{ASSET_SCHEME}:{quote(name, safe='')}"


def photo_url(key: str) -> str:
    """The URL under which the fetcher serves the evaluation's photo with this key."""
    return f"{PHOTO_SCHEME}:{quote(key, safe='')}"


class RefusedURL(ValueError):
    """A URL that a report may not fetch."""


@dataclass(frozen=True)
class Asset:
    """Bytes the fetcher serves under `fieldcheck-asset:<name>`."""

    body: bytes
    content_type: str


class ReportFetcher(URLFetcher):
    """Answers `fieldcheck-asset:` and `fieldcheck-photo:` URLs for one report, refuses all others."""

    def __init__(
        self,
        *,
        assets: Mapping[str, Asset],
        photos: Mapping[str, Future[bytes | None]] | None = None,
    ) -> None:
        # No protocol allowed and no redirects: the inherited opener must stay unusable.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self._assets = dict(assets)
        self._photos = dict(photos or {})

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme, separator, rest = url.partition(":")
        name = unquote(rest)
        if separator and scheme == ASSET_SCHEME and name in self._assets:
            asset = self._assets[name]
            return URLFetcherResponse(url, asset.body, {"Content-Type": asset.content_type})
        if separator and scheme == PHOTO_SCHEME and name in self._photos:
            photo = self._photos[name].result()
            if photo is not None:
                return URLFetcherResponse(url, photo, {"Content-Type": "image/jpeg"})
        LOGGER.warning("report fetcher refused %s", url[:200])
        raise RefusedURL(f"a report may not fetch {url[:200]!r}")


def print_photo(data: bytes) -> bytes | None:
    """A JPEG of at most PHOTO_MAX_EDGE pixels on its long edge, without metadata; None if unreadable."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > MAX_SOURCE_PIXELS:
                return None
            if _printable_as_is(image):
                return data
            # Draft needs the target box itself: it only scales while both sides stay at least that big.
            scale = min(PHOTO_MAX_EDGE / max(image.size), 1.0)
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            upright = ImageOps.exif_transpose(image)
            flat = _on_white(upright)
            flat.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE), Image.Resampling.LANCZOS)
            output = BytesIO()
            flat.save(output, "JPEG", quality=85)
            return output.getvalue()
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def print_logo(data: bytes) -> Asset | None:
    """The client's logo as a PNG of at most LOGO_MAX_EDGE pixels, transparency kept; None if unreadable."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > MAX_SOURCE_PIXELS:
                return None
            logo = image.convert("RGBA")
            logo.thumbnail((LOGO_MAX_EDGE, LOGO_MAX_EDGE), Image.Resampling.LANCZOS)
            output = BytesIO()
            logo.save(output, "PNG")
            return Asset(output.getvalue(), "image/png")
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def _printable_as_is(image: Image.Image) -> bool:
    """A small, plain JPEG without metadata needs no re-encoding (and loses no quality)."""
    return (
        image.format == "JPEG"
        and image.mode in ("RGB", "L")
        and max(image.size) <= PHOTO_MAX_EDGE
        and not _METADATA_KEYS & set(image.info)
    )


def _on_white(image: Image.Image) -> Image.Image:
    """An RGB image; transparent parts become white rather than black."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")
