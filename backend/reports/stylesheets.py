"""The generated stylesheets of a report: client branding, page label and the score colour classes."""

from __future__ import annotations

from functools import lru_cache

from backend.reports.colors import brand_color, heat_cell, mix_with_white, readable_text
from backend.reports.document import ReportClient
from backend.reports.i18n import texts


def score_class(value: float | None) -> str:
    """The class that colours a score: `score-0` to `score-100` by whole points, `score-na` for None."""
    if value is None:
        return "score-na"
    return f"score-{int(min(max(value, 0.0), 100.0) + 0.5)}"


def width_class(value: float | None) -> str:
    """The class that sets a bar's width to a share of 0..100 percent, by whole points."""
    return f"width-{0 if value is None else int(min(max(value, 0.0), 100.0) + 0.5)}"


@lru_cache(maxsize=1)
def score_css() -> str:
    """Colour and width classes for every whole score: templates then need no style attributes."""
    rules = []
    for step in range(101):
        cell = heat_cell(step)
        rules.append(f".score-{step} {{ background-color: {cell.fill}; color: {cell.text}; }}")
        rules.append(f".width-{step} {{ width: {step}%; }}")
    missing = heat_cell(None)
    rules.append(f".score-na {{ background-color: {missing.fill}; color: {missing.text}; }}")
    return "\n".join(rules) + "\n"


def client_css(client: ReportClient) -> str:
    """The CSS that differs per client: brand colours and the page label in its language."""
    brand = brand_color(client.brand_color)
    words = texts(client.language)
    return (
        f":root {{ --brand: {brand}; --brand-text: {readable_text(brand)};"
        f" --brand-tint: {mix_with_white(brand, 0.9)}; }}\n"
        f"@page {{ @bottom-right {{ content: {css_string(words['page'] + ' ')} counter(page)"
        f" {css_string(' ' + words['page_of'] + ' ')} counter(pages); }} }}\n"
    )


def css_string(text: str) -> str:
    """A CSS string literal; every character but letters, digits and spaces is escaped."""
    return '"' + "".join(
        character if character.isalnum() or character == " " else f"\\{ord(character):06x}"
        for character in text
    ) + '"'
