"""Per-type settings: options, bands, ranges, knockouts, photos; each reported at its line and path."""

import pytest

from backend.checklists.loader import load_template, validate_template
from tests.checklists.factories import VALID_YAML, plant

Q = "sections[0].questions"
OFFER_OPTIONS = (
    "          - {value: written, label: Written, points: 2}\n"
    "          - {value: verbal, label: Verbal, points: 1}\n"
    "          - {value: none, label: None}\n"
)
BANDS = "          - {max: 60, points: 2}\n          - {max: 300, points: 1}\n"

# (old text, new text with the wrong line marked, code, path, words the message must contain)
PLANTS = {
    "options on a yes_no question": (
        "        knockout: true\n", "        knockout: true\n        options: []  # HERE\n",
        "unexpected_setting", f"{Q}[0].options", "no meaning for a yes_no",
    ),
    "bands on a scale question": (
        "        points: 2\n", "        points: 2\n        bands: [{max: 1, points: 1}]  # HERE\n",
        "unexpected_setting", f"{Q}[1].bands", "remove it",
    ),
    "weight on a text question": (
        "text: Why was there no offer?", "text: Why was there no offer?\n        weight: 2  # HERE",
        "unexpected_setting", f"{Q}[6].weight", "text question",
    ),
    "pass_on on a scale question": (
        "        points: 2\n", "        points: 2\n        pass_on: 'no'  # HERE\n",
        "unexpected_setting", f"{Q}[1].pass_on", "scale",
    ),
    "choice question with one option": (
        "        options:\n" + OFFER_OPTIONS,
        "        options:  # HERE\n          - {value: written, label: Written, points: 2}\n",
        "too_few_options", f"{Q}[2].options", "at least two",
    ),
    "max_points above the sum": (
        "        max_points: 2\n", "        max_points: 3  # HERE\n",
        "max_points_too_high", f"{Q}[3].max_points", "all options together (2)",
    ),
    "band with both bounds": (
        "{max: 300, points: 1}", "{min: 60, max: 300, points: 1}  # HERE",
        "band_bounds", f"{Q}[4].bands[1]", "either a min or a max",
    ),
    "band with no bound": (
        "{max: 300, points: 1}", "{points: 1}  # HERE", "band_bounds", f"{Q}[4].bands[1]", "not neither",
    ),
    "max bands out of order": (
        "{max: 300, points: 1}", "{max: 30, points: 1}  # HERE", "band_order", f"{Q}[4].bands[1]", "never win",
    ),
    "max band after bands covering everything": (
        "{max: 300, points: 1}", "{min: 30, points: 1}\n          - {max: 500, points: 1}  # HERE",
        "band_order", f"{Q}[4].bands[2]", "never win",
    ),
    "no band earns points": (
        "        bands:\n" + BANDS,
        "        bands:  # HERE\n          - {max: 60, points: 0}\n          - {max: 300, points: 0}\n",
        "nothing_to_score", f"{Q}[4].bands", "cannot be scored",
    ),
    "scale min equal to max": (
        "        max: 5\n", "        max: 1  # HERE\n", "range_order", f"{Q}[1].max", "above its min",
    ),
    "number range upside down": (
        "        bands:\n" + BANDS, "        min: 100\n        max: 10  # HERE\n        bands:\n" + BANDS,
        "range_order", f"{Q}[4].max", "below min",
    ),
    "knockout on an unscored question": (
        "text: Why was there no offer?", "text: Why was there no offer?\n        knockout: true  # HERE",
        "knockout_unscored", f"{Q}[6].knockout", "scored",
    ),
    "comment on fail for an unscored question": (
        "text: Why was there no offer?", "text: Why was there no offer?\n        comment: required_on_fail  # HERE",
        "comment_on_fail_unscored", f"{Q}[6].comment", "cannot fail",
    ),
    "photos min above max": (
        "photos: {min: 1, max: 3}", "photos: {min: 4, max: 3}  # HERE", "photo_range", f"{Q}[5].photos.max", "raise max",
    ),
    "photo question allowing no photo": (
        "photos: {min: 1, max: 3}", "photos: {min: 0, max: 0}  # HERE",
        "photo_rule_missing", f"{Q}[5].photos", "at least one photo",
    ),
}
# A removed setting is reported at the line of its question: (removed text, question id, code, path, words)
REMOVALS = {
    "choice question without options": (
        "        options:\n" + OFFER_OPTIONS, "offer", "missing_options", f"{Q}[2].options", "at least two options",
    ),
    "scale without max": ("        max: 5\n", "friendly", "missing_setting", f"{Q}[1].max", "its max"),
    "duration without bands": ("        bands:\n" + BANDS, "wait", "missing_bands", f"{Q}[4].bands", "points bands"),
    "photo question without a photos rule": (
        "        photos: {min: 1, max: 3}\n", "storefront", "photo_rule_missing", f"{Q}[5].photos", "at least one photo",
    ),
}


@pytest.mark.parametrize("name", PLANTS)
def test_planted_setting_error_is_reported_at_its_line(name):
    old, new, code, path, words = PLANTS[name]
    text, line = plant(VALID_YAML, old, new)
    assert_reported(text, code, path, line, words)


@pytest.mark.parametrize("name", REMOVALS)
def test_a_missing_setting_is_reported_at_its_question(name):
    removed, question_id, code, path, words = REMOVALS[name]
    text, line = plant(VALID_YAML, f"      - id: {question_id}\n", f"      - id: {question_id}  # HERE\n")
    assert_reported(text.replace(removed, ""), code, path, line, words)


def assert_reported(text: str, code: str, path: str, line: int, words: str) -> None:
    issues = validate_template(text, filename="demo.yaml")
    found = [(issue.code, issue.path, issue.line) for issue in issues]
    assert (code, path, line) in found, found
    assert words in next(issue.message for issue in issues if issue.path == path)


def test_no_option_earning_points_cannot_be_scored():
    text = VALID_YAML.replace("{value: written, label: Written, points: 2}", "{value: written, label: Written}")
    text = text.replace("{value: verbal, label: Verbal, points: 1}", "{value: verbal, label: Verbal}")
    [issue] = validate_template(text)
    assert (issue.code, issue.path) == ("nothing_to_score", f"{Q}[2].options")


def test_a_trailing_min_band_catches_the_rest():
    text = VALID_YAML.replace(BANDS, BANDS + "          - {min: 300, points: 0.5}\n")
    assert len(load_template(text).questions()[4].bands) == 3


def test_min_bands_from_the_largest_down_are_fine():
    text = VALID_YAML.replace(BANDS, "          - {min: 300, points: 2}\n          - {min: 60, points: 1}\n")
    assert validate_template(text) == []
