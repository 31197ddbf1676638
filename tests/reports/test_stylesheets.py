import weasyprint
from .factories import client

from backend.reports.colors import DEFAULT_BRAND_COLOR, heat_cell
from backend.reports.stylesheets import client_css, css_string, score_class, score_css, width_class


def test_a_hostile_brand_color_never_reaches_the_css():
    css = client_css(client(brand_color="#123456; } body { display: none } x {"))
    assert "display" not in css and DEFAULT_BRAND_COLOR in css
    assert "#0b5394" in client_css(client(brand_color="#0B5394"))


def test_the_page_label_speaks_the_clients_language():
    assert '"Seite ' in client_css(client("de")) and '"Page ' in client_css(client("en"))


def test_css_strings_escape_everything_but_letters_digits_and_spaces():
    assert css_string('Seite "} body {') == '"Seite \\000022\\00007d body \\00007b"'
    assert css_string("Straße 1") == '"Straße 1"'


def test_score_classes_cover_every_whole_score():
    assert score_class(None) == "score-na"
    assert score_class(63.64) == "score-64" and score_class(63.5) == "score-64" and score_class(63.49) == "score-63"
    assert score_class(-3) == "score-0" and score_class(140) == "score-100"
    assert width_class(None) == "width-0" and width_class(49.5) == "width-50"
    css = score_css()
    for step in (0, 50, 64, 100):
        assert f".score-{step} {{ background-color: {heat_cell(step).fill};" in css
        assert f".width-{step} {{ width: {step}%; }}" in css


def test_the_generated_stylesheets_parse_without_errors(caplog):
    for css in (score_css(), client_css(client())):
        weasyprint.CSS(string=css)
    assert not [record for record in caplog.records if record.levelname in ("WARNING", "ERROR")]
