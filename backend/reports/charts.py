"""Charts as inline SVG, drawn by our own code: journey curve, bar chart and trend over waves.

Every text that reaches the SVG is escaped; colours come from `colours` or a validated brand colour.
Sizes are CSS pixels at the width of an A4 page's text column, so font sizes print as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import wrap

from markupsafe import Markup, escape

from backend.reports.colors import NOT_AVAILABLE_TEXT, SERIES_COLORS, heat_cell
from backend.reports.document import JourneyPoint, ScoreRow, TrendSeries
from backend.reports.formatting import Formatter

WIDTH = 680
FONT = "Liberation Sans, DejaVu Sans, sans-serif"
GRID = "#d5dbe1"
AXIS_TEXT = "#5f6b76"
EMOTION_COLOR = "#d55e00"
SCORE_TICKS = (0, 25, 50, 75, 100)


def _attributes(attributes: dict[str, object]) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None
    )


def _element(tag: str, content: str = "", **attributes: object) -> str:
    if content:
        return f"<{tag}{_attributes(attributes)}>{content}</{tag}>"
    return f"<{tag}{_attributes(attributes)}/>"


def _text(x: float, y: float, content: str, **attributes: object) -> str:
    attributes.setdefault("font_size", 11)
    attributes.setdefault("fill", AXIS_TEXT)
    return _element("text", str(escape(content)), x=_n(x), y=_n(y), **attributes)


def _multiline_text(x: float, y: float, lines: Sequence[str], *, line_height: float, **attributes: object) -> str:
    spans = "".join(
        _element("tspan", str(escape(line)), x=_n(x), dy=_n(0 if index == 0 else line_height))
        for index, line in enumerate(lines)
    )
    attributes.setdefault("font_size", 11)
    attributes.setdefault("fill", AXIS_TEXT)
    return _element("text", spans, x=_n(x), y=_n(y), **attributes)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so the SVG stays small."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(height: float, body: str, *, title: str) -> Markup:
    head = _element("title", str(escape(title)))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{_n(height)}"'
        f' viewBox="0 0 {WIDTH} {_n(height)}" font-family="{FONT}" role="img"'
        f' aria-label="{escape(title)}">{head}{body}</svg>'
    )


def wrap_label(text: str, *, width: int, lines: int = 2) -> list[str]:
    """A label broken into at most `lines` lines of about `width` characters, cut with an ellipsis."""
    wrapped = wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(width - 1, 1)].rstrip() + "\u2026"
    return wrapped


def _label(x: float, y: float, content: str) -> str:
    """A bold value label on a white plate, so the lines it sits on do not cross it."""
    width = len(content) * 6.6 + 6
    plate = _element("rect", x=_n(x - width / 2), y=_n(y - 11), width=_n(width), height=14, rx=2,
                     fill="#ffffff", fill_opacity=0.85)
    return plate + _text(x, y, content, text_anchor="middle", font_weight="bold", fill="#222222")


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points: a missing value breaks the line instead of bridging it."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _polyline(points: Sequence[tuple[float, float]], **attributes: object) -> str:
    coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return _element("polyline", points=coordinates, fill="none", **attributes)


def _score_grid(left: float, right: float, top: float, bottom: float) -> str:
    parts = []
    for tick in SCORE_TICKS:
        y = bottom - tick / 100 * (bottom - top)
        parts.append(_element("line", x1=_n(left), x2=_n(right), y1=_n(y), y2=_n(y), stroke=GRID, stroke_width=1))
        parts.append(_text(left - 6, y + 4, str(tick), text_anchor="end", font_size=10))
    return "".join(parts)


def _legend(x: float, y: float, items: Sequence[tuple[str, str, str | None]]) -> str:
    """Legend entries as (label, colour, dash pattern) laid out in one row."""
    parts = []
    for label, color, dash in items:
        parts.append(_element("line", x1=_n(x), x2=_n(x + 22), y1=_n(y - 4), y2=_n(y - 4), stroke=color,
                              stroke_width=2.5, stroke_dasharray=dash))
        parts.append(_text(x + 28, y, label, fill="#333333"))
        x += _legend_item_width(label)
    return "".join(parts)


def journey_chart(
    points: Sequence[JourneyPoint],
    *,
    fmt: Formatter,
    color: str,
    score_label: str,
    emotion_label: str,
    threshold: float | None = None,
    threshold_label: str = "",
) -> Markup:
    """Step scores along the journey as a line, with the emotion curve on a second 1..5 axis."""
    has_emotion = any(point.emotion is not None for point in points)
    height = 250
    left, right = 44.0, WIDTH - (40.0 if has_emotion else 16.0)
    top, bottom = 40.0, height - 48.0
    slot = (right - left) / max(len(points), 1)
    centres = [left + slot * (index + 0.5) for index in range(len(points))]

    def score_y(score: float) -> float:
        return bottom - min(max(score, 0.0), 100.0) / 100 * (bottom - top)

    def emotion_y(emotion: float) -> float:
        return bottom - (min(max(emotion, 1.0), 5.0) - 1) / 4 * (bottom - top)

    parts = [_score_grid(left, right, top, bottom)]
    legend = [(score_label, color, None)]
    if threshold is not None:
        y = score_y(threshold)
        parts.append(_element("line", x1=_n(left), x2=_n(right), y1=_n(y), y2=_n(y), stroke="#7a8793",
                              stroke_width=1.2, stroke_dasharray="2 3"))
        legend.append((threshold_label, "#7a8793", "2 3"))
    if has_emotion:
        for level in range(1, 6):
            parts.append(_text(right + 8, emotion_y(level) + 4, str(level), fill=EMOTION_COLOR, font_size=10))
        emotion_points = [
            (x, emotion_y(point.emotion)) if point.emotion is not None else None
            for x, point in zip(centres, points)
        ]
        for run in _segments(emotion_points):
            parts.append(_polyline(run, stroke=EMOTION_COLOR, stroke_width=2, stroke_dasharray="6 4"))
        for point in filter(None, emotion_points):
            x, y = point
            parts.append(_element("rect", x=_n(x - 3.5), y=_n(y - 3.5), width=7, height=7, fill=EMOTION_COLOR,
                                  transform=f"rotate(45 {_n(x)} {_n(y)})"))
        legend.append((emotion_label, EMOTION_COLOR, "6 4"))

    score_points = [
        (x, score_y(point.score)) if point.score is not None else None for x, point in zip(centres, points)
    ]
    for run in _segments(score_points):
        parts.append(_polyline(run, stroke=color, stroke_width=2.5))
    for x, point, position in zip(centres, points, score_points):
        if position is None:
            parts.append(_text(x, bottom - 6, fmt.not_available, text_anchor="middle", fill=NOT_AVAILABLE_TEXT))
            continue
        parts.append(_element("circle", cx=_n(x), cy=_n(position[1]), r=4.5, fill=color, stroke="#ffffff",
                              stroke_width=1.5))
        label_y = position[1] - 9
        # A label above would hide an emotion marker just above the point: put it below instead.
        if point.emotion is not None and label_y - 16 <= emotion_y(point.emotion) <= label_y + 6:
            label_y = position[1] + 20
        parts.append(_label(x, label_y, fmt.score(point.score)))
    label_width = max(int(slot / 6.0), 6)
    for x, point in zip(centres, points):
        parts.append(_multiline_text(x, bottom + 16, wrap_label(point.step, width=label_width), line_height=12,
                                     text_anchor="middle", fill="#333333"))
    parts.append(_legend(left, 16, legend))
    return _svg(height, "".join(parts), title=score_label)


def bar_chart(rows: Sequence[ScoreRow], *, fmt: Formatter, title: str, show_n: bool = True) -> Markup:
    """Horizontal bars of scores from 0 to 100, each in its scale colour, with value and n."""
    row_height = 26.0
    label_right, bar_left, bar_right = 196.0, 204.0, WIDTH - 84.0
    top = 6.0
    height = top + row_height * len(rows) + 24
    bottom = top + row_height * len(rows)
    parts = []
    for tick in SCORE_TICKS:
        x = bar_left + tick / 100 * (bar_right - bar_left)
        parts.append(_element("line", x1=_n(x), x2=_n(x), y1=_n(top), y2=_n(bottom), stroke=GRID, stroke_width=1))
        parts.append(_text(x, bottom + 14, str(tick), text_anchor="middle", font_size=10))
    for index, row in enumerate(rows):
        y = top + row_height * index
        lines = wrap_label(row.title, width=34)
        first_line = y + row_height / 2 + 4 - (6 if len(lines) > 1 else 0)
        parts.append(_multiline_text(label_right, first_line, lines, line_height=12, text_anchor="end",
                                     fill="#333333"))
        if row.score is None:
            parts.append(_text(bar_left + 4, y + row_height / 2 + 4, fmt.not_available, fill=NOT_AVAILABLE_TEXT))
        else:
            width = max(min(row.score, 100.0), 0.0) / 100 * (bar_right - bar_left)
            parts.append(_element("rect", x=_n(bar_left), y=_n(y + 5), width=_n(max(width, 1.0)),
                                  height=_n(row_height - 10), fill=heat_cell(row.score).fill, rx=2))
            parts.append(_text(bar_right + 8, y + row_height / 2 + 4, fmt.score(row.score), font_weight="bold",
                               fill="#222222"))
        if show_n:
            parts.append(_text(WIDTH - 4, y + row_height / 2 + 4, f"n={fmt.integer(row.n)}", text_anchor="end",
                               font_size=10))
    return _svg(height, "".join(parts), title=title)


def trend_chart(waves: Sequence[str], series: Sequence[TrendSeries], *, fmt: Formatter, title: str) -> Markup:
    """Scores per wave as lines, one colour per series; the first series carries value labels."""
    left, right, top, bottom = 44.0, WIDTH - 16.0, 16.0, 192.0
    legend_rows = _legend_rows(
        [
            (wrap_label(line.title, width=28, lines=1)[0], SERIES_COLORS[index % len(SERIES_COLORS)], None)
            for index, line in enumerate(series)
        ],
        width=right - left,
    )
    height = bottom + 34 + 18 * len(legend_rows)
    slot = (right - left) / max(len(waves), 1)
    centres = [left + slot * (index + 0.5) for index in range(len(waves))]
    parts = [_score_grid(left, right, top, bottom)]
    for x, wave in zip(centres, waves):
        parts.append(_text(x, bottom + 16, wrap_label(wave, width=max(int(slot / 6.0), 6), lines=1)[0],
                           text_anchor="middle", fill="#333333"))
    for index, line in enumerate(series):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        positions = [
            (x, bottom - min(max(cell.score, 0.0), 100.0) / 100 * (bottom - top)) if cell.score is not None else None
            for x, cell in zip(centres, line.values)
        ]
        for run in _segments(positions):
            parts.append(_polyline(run, stroke=color, stroke_width=2.2))
        for position, cell in zip(positions, line.values):
            if position is None:
                continue
            parts.append(_element("circle", cx=_n(position[0]), cy=_n(position[1]), r=3.5, fill=color))
            if index == 0:
                parts.append(_label(position[0], position[1] - 8, fmt.score(cell.score)))
    for index, row in enumerate(legend_rows):
        parts.append(_legend(left, bottom + 40 + 18 * index, row))
    return _svg(height, "".join(parts), title=title)


def _legend_rows(
    items: Sequence[tuple[str, str, str | None]], *, width: float
) -> list[list[tuple[str, str, str | None]]]:
    """Legend entries split into rows that fit the width."""
    rows: list[list[tuple[str, str, str | None]]] = [[]]
    used = 0.0
    for item in items:
        item_width = _legend_item_width(item[0])
        if rows[-1] and used + item_width > width:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += item_width
    return [row for row in rows if row]


def _legend_item_width(label: str) -> float:
    return 28 + len(label) * 6.2 + 18


def scale_legend(*, title: str) -> Markup:
    """The heat map's colour scale from 0 to 100, drawn in small steps, with its ticks."""
    left, strip_width, steps = 110.0, 300.0, 50
    parts = [_text(left - 10, 17, title, text_anchor="end", fill="#333333")]
    for index in range(steps):
        score = (index + 0.5) * 100 / steps
        parts.append(_element("rect", x=_n(left + index * strip_width / steps), y=6,
                              width=_n(strip_width / steps + 0.4), height=14, fill=heat_cell(score).fill))
    for tick in SCORE_TICKS:
        parts.append(_text(left + tick / 100 * strip_width, 34, str(tick), text_anchor="middle", font_size=10))
    return _svg(40, "".join(parts), title=title)
