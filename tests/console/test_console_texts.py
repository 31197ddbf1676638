"""Every text the console asks for exists in German and in English, and the two files hold the same keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"
CONSOLE_JS = sorted((PWA / "js" / "console").glob("*.js"))
TEXT_KEY = re.compile(r'"(console\.[a-z_.]+)"')
# Keys built at run time: the prefix in the code, the endings that must exist.
BUILT = {
    "console.diff.status.": ("added", "removed", "changed", "unchanged"),
    "console.locations.": ("code", "name", "kind", "street", "postal_code", "city", "country", "latitude",
                           "longitude", "phone", "url"),
    "console.locations.kind.": ("store", "branch", "hotline", "website"),
    "console.plan.reason.": ("lockout", "no_tester"),
    "console.progress.": ("open", "submitted", "in_review", "released"),
    "console.project.tab.": ("overview", "plan", "progress", "assignments"),
    "console.role.": ("tester", "reviewer", "client", "admin", "tester_plural", "reviewer_plural",
                      "client_plural", "admin_plural"),
    "console.status.": ("open", "submitted", "on_hold", "returned", "approved", "released"),
}


def texts(language: str) -> dict[str, str]:
    return json.loads((PWA / "i18n" / "console" / f"{language}.json").read_text("utf-8"))


def test_german_and_english_have_the_same_keys_and_placeholders():
    german, english = texts("de"), texts("en")
    assert set(german) == set(english)
    for key in german:
        assert set(re.findall(r"\{(\w+)\}", german[key])) == set(re.findall(r"\{(\w+)\}", english[key])), key


def test_every_key_the_code_uses_has_a_text():
    used = {key for path in CONSOLE_JS for key in TEXT_KEY.findall(path.read_text("utf-8"))}
    used |= {prefix + ending for prefix, endings in BUILT.items() for ending in endings}
    assert used, "the console code names its texts"
    assert sorted(used - set(texts("de"))) == []


def test_the_app_menu_names_the_console_in_both_languages():
    for language, name in (("de", "Verwaltung"), ("en", "Console")):
        assert json.loads((PWA / "i18n" / f"{language}.json").read_text("utf-8"))["nav.console"] == name
