from datetime import date, datetime

import pytest

from backend.reports.formatting import Formatter


@pytest.mark.parametrize(
    ("value", "english", "german"),
    [
        (63.64, "63.6", "63,6"),
        (84.25, "84.3", "84,3"),
        (100 * 7 / 11, "63.6", "63,6"),
        (100 * 5 / 7, "71.4", "71,4"),
        (0.05, "0.1", "0,1"),
        (2.675, "2.7", "2,7"),
        (-0.04, "0.0", "0,0"),
        (-1.25, "-1.3", "-1,3"),
        (0, "0.0", "0,0"),
        (100, "100.0", "100,0"),
    ],
)
def test_scores_have_one_decimal_rounded_half_away_from_zero(value, english, german):
    assert Formatter("en").score(value) == english
    assert Formatter("de").score(value) == german


def test_a_missing_score_is_not_available_never_zero():
    assert Formatter("en").score(None) == "n/a"
    assert Formatter("de").score(None) == "k. A."


def test_formatter_speaks_the_report_language():
    german, english = Formatter("de"), Formatter("en")
    assert german.percent(63.64) == "63,6\u202f%"
    assert english.percent(63.64) == "63.6%"
    assert german.number(1.5) == "1,5" and english.number(2.0) == "2"
    assert german.number(23.4, decimals=0) == "23"
    assert german.integer(12345) == "12.345" and english.integer(12345) == "12,345"
    assert german.date(date(2026, 3, 4)) == "04.03.2026"
    assert english.date(date(2026, 3, 4)) == "4 Mar 2026"
    start, end = datetime(2026, 3, 4, 10, 5), datetime(2026, 3, 4, 10, 41)
    assert german.time(start) == "10:05"
    assert german.minutes_between(start, end) == "36 min"
    assert english.minutes_between(start, None) == "n/a"
