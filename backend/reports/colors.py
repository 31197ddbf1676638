"""Colours of a report: the client's brand colour, the score scale and readable text on both."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_BRAND_COLOR = "#1f4e79"
DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"
NOT_AVAILABLE_FILL = "#eceff1"
NOT_AVAILABLE_TEXT = "#455a64"
# Colour-blind-safe line colours (Okabe-Ito), for charts with several series.
SERIES_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000")

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# Red up to half marks, amber around 70, green from 85: scores in the field cluster high,
# so the scale spends its hues where the differences matter.
_SCALE = (
    (0.0, "#e06060"),
    (50.0, "#ef8354"),
    (70.0, "#f6c453"),
    (85.0, "#9ccc65"),
    (100.0, "#4caf50"),
)


@dataclass(frozen=True)
class CellColors:
    """Fill and text colour of a score cell."""

    fill: str
    text: str


def brand_color(value: str | None) -> str:
    """The client's colour if it is a `#rrggbb` hex, else the default: it goes into CSS."""
    if value is not None and _HEX_COLOR.fullmatch(value):
        return value.lower()
    return DEFAULT_BRAND_COLOR


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text(background: str) -> str:
    """Dark or white text, whichever contrasts more with the background."""
    if contrast_ratio(background, DARK_TEXT) >= contrast_ratio(background, LIGHT_TEXT):
        return DARK_TEXT
    return LIGHT_TEXT


def mix_with_white(color: str, share: float) -> str:
    """A tint: `share` of white mixed into the colour (0 keeps it, 1 is white)."""
    return _hex(tuple(channel + (255 - channel) * share for channel in _rgb(color)))


def score_color(score: float) -> str:
    """The scale colour of a score from 0 (red) through amber to 100 (green)."""
    score = min(max(score, 0.0), 100.0)
    for (low, low_color), (high, high_color) in zip(_SCALE, _SCALE[1:]):
        if score <= high:
            share = (score - low) / (high - low)
            low_rgb, high_rgb = _rgb(low_color), _rgb(high_color)
            return _hex(tuple(a + (b - a) * share for a, b in zip(low_rgb, high_rgb)))
    return _SCALE[-1][1]


def heat_cell(score: float | None) -> CellColors:
    """Colours of a heat map cell: the scale colour and text readable on it; grey for n/a."""
    if score is None:
        return CellColors(NOT_AVAILABLE_FILL, NOT_AVAILABLE_TEXT)
    fill = score_color(score)
    return CellColors(fill, readable_text(fill))
