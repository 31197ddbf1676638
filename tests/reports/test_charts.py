import xml.etree.ElementTree as ET

from backend.reports.charts import bar_chart, journey_chart, scale_legend, trend_chart, wrap_label
from backend.reports.document import JourneyPoint, ScoreCell, ScoreRow, TrendSeries
from backend.reports.formatting import Formatter

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd"> & "quotes"'


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def texts_of(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_journey_chart_draws_scores_and_the_emotion_curve():
    points = (
        JourneyPoint("Ankunft", 100 * 5 / 7, emotion=4.0),
        JourneyPoint("Beratung", 50.0, emotion=2.0),
        JourneyPoint("Abschluss", None),
        JourneyPoint("Nachbetreuung", 90.0, emotion=5.0),
    )
    root = parse(journey_chart(points, fmt=Formatter("de"), color="#0b5394", score_label="Score",
                               emotion_label="Emotion (1–5)", threshold=80, threshold_label="Grenze 80"))
    labels = texts_of(root)
    assert {"71,4", "50,0", "90,0", "k. A."} <= set(labels)
    assert {"Ankunft", "Beratung", "Abschluss", "Nachbetreuung"} <= set(labels)
    assert {"1", "5", "Emotion (1–5)", "Grenze 80"} <= set(labels)
    polylines = root.findall(f"{SVG}polyline")
    score_lines = [line for line in polylines if line.get("stroke") == "#0b5394"]
    # The missing step breaks the score line in two instead of bridging it.
    assert len(score_lines) == 2
    assert len(root.findall(f"{SVG}circle")) == 3


def test_journey_chart_without_emotions_has_no_second_axis():
    root = parse(journey_chart((JourneyPoint("A", 10.0), JourneyPoint("B", 20.0)), fmt=Formatter("en"),
                               color="#000000", score_label="Score", emotion_label="Emotion"))
    assert "Emotion" not in texts_of(root)


def test_bar_chart_shows_every_row_with_value_and_n():
    rows = (ScoreRow("Eingang", 80.0, 12), ScoreRow("Berater", None, 0), ScoreRow("Telefon", 50.0, 1234))
    root = parse(bar_chart(rows, fmt=Formatter("en"), title="Touchpoints"))
    labels = texts_of(root)
    assert {"Eingang", "Berater", "Telefon", "80.0", "50.0", "n/a", "n=12", "n=1,234"} <= set(labels)
    assert root.get("aria-label") == "Touchpoints"


def test_trend_chart_draws_one_line_per_series():
    series = (
        TrendSeries("Gesamt", (ScoreCell(68.2, 10), ScoreCell(71.5, 10), ScoreCell(74.25, 10))),
        TrendSeries("Senior", (ScoreCell(None, 0), ScoreCell(60.0, 4), ScoreCell(65.0, 5))),
    )
    root = parse(trend_chart(("Q1", "Q2", "Q3"), series, fmt=Formatter("de"), title="Trend"))
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert {"Q1", "Q2", "Q3", "68,2", "71,5", "74,3", "Gesamt", "Senior"} <= set(texts_of(root))


def test_text_in_charts_is_escaped_never_markup():
    fmt = Formatter("en")
    charts = (
        journey_chart((JourneyPoint(HOSTILE, 50.0),), fmt=fmt, color="#000000", score_label=HOSTILE,
                      emotion_label=HOSTILE),
        bar_chart((ScoreRow(HOSTILE, 50.0),), fmt=fmt, title=HOSTILE),
        trend_chart((HOSTILE,), (TrendSeries(HOSTILE, (ScoreCell(1.0, 1),)),), fmt=fmt, title=HOSTILE),
        scale_legend(title=HOSTILE),
    )
    for svg in charts:
        root = parse(svg)
        tags = {element.tag for element in root.iter()}
        assert f"{SVG}script" not in tags and f"{SVG}img" not in tags and "script" not in tags
        assert any("<script>" in text for text in texts_of(root) + [root.get("aria-label")])


def test_long_labels_are_wrapped_and_cut():
    assert wrap_label("Persönliche Beratung am Tresen", width=12) == ["Persönliche", "Beratung am…"]
    assert wrap_label("", width=10) == [""]
