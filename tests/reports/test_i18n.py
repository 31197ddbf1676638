import re
from pathlib import Path

from backend.reports.i18n import texts
from backend.reports.render import TEMPLATES


def test_both_languages_have_every_string():
    german, english = texts("de"), texts("en")
    assert german.keys() == english.keys()
    assert all(german.values()) and all(english.values())
    assert german["page"] == "Seite" and english["page_of"] == "of"


def test_every_string_the_templates_use_exists():
    used = set()
    for template in Path(TEMPLATES).glob("*.html"):
        used |= set(re.findall(r"\bt\.([a-z_]+)", template.read_text()))
    used |= set(re.findall(r"\bt\[[\"']([a-z_]+)[\"']\]", (Path(TEMPLATES).parent / "context.py").read_text()))
    assert used, "the templates should use the strings table"
    assert used <= set(texts("en"))
