import logging
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO

import pytest
from .factories import PSEUDONYM, REAL_TESTER_NAME, client, photo_jpeg, project_report, worked_example
from PIL import Image
from pypdf import PdfReader

from backend.reports.document import ExecutiveSummary, HeatMap, ProofOfVisit
from backend.reports.formatting import Formatter
from backend.reports.render import render_evaluation_pdf, render_html, render_project_pdf

PHOTOS = {"photo-entrance": photo_jpeg(2048, 1536, label="entrance")}


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: a narrow column may wrap a string anywhere."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def german_pdf() -> bytes:
    return render_evaluation_pdf(worked_example(), resolve_photo=PHOTOS.get, logo=photo_jpeg(600, 200))


@pytest.fixture(scope="module")
def project_pdf() -> bytes:
    return render_project_pdf(project_report(evaluations=120))


def test_the_evaluation_report_shows_the_worked_example(german_pdf):
    text = text_of(german_pdf)
    # SCORING.md: total 63.6, persona `young` 65.0, steps 71.4 and 50.0, touchpoints 80.0, 50.0, 50.0.
    for number in ("63,6", "65,0", "71,4", "50,0", "80,0"):
        assert number in text
    assert "Nicht bestanden" in text and "Bestehensgrenze 80,0" in text
    for answer in ("4 von 5", "45 s", "nicht zutreffend", "1,5", "Berater war freundlich, aber kannte den Tarif"):
        assert answer in text
    assert "Eingang mit Schaufenster" in text
    for fact in ("Nordstern Mobilfunk GmbH", "Filiale Berlin Mitte", "14.03.2026", "Junge Kundin",
                 "Mystery Store Check"):
        assert fact in text
    assert "Seite 2 von 3" in text


def test_the_report_names_the_tester_only_by_pseudonym(german_pdf):
    assert PSEUDONYM in text_of(german_pdf)
    assert REAL_TESTER_NAME not in text_of(german_pdf)
    assert REAL_TESTER_NAME.encode() not in german_pdf


def test_the_pdf_carries_title_language_author_and_the_models_date(german_pdf):
    reader = PdfReader(BytesIO(german_pdf))
    assert reader.metadata.title == "Testbericht: Filiale Berlin Mitte, 14.03.2026"
    assert reader.metadata.author == "fieldcheck"
    assert reader.metadata["/CreationDate"] == "D:20260316093000Z"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_rendering_is_deterministic(german_pdf):
    again = render_evaluation_pdf(worked_example(), resolve_photo=PHOTOS.get, logo=photo_jpeg(600, 200))
    assert again == german_pdf


def test_photos_are_embedded_at_print_size(german_pdf):
    sizes = [image.image.size for page in PdfReader(BytesIO(german_pdf)).pages for image in page.images]
    # The logo and the one photo; the photo came as 2048 pixels and prints at 1024.
    assert (1024, 768) in sizes
    assert all(max(size) <= 1024 for size in sizes)


def test_a_photo_that_cannot_be_resolved_leaves_the_report_intact():
    pdf = render_evaluation_pdf(worked_example(), resolve_photo=lambda key: None)
    assert "63,6" in text_of(pdf)
    assert all(not page.images for page in PdfReader(BytesIO(pdf)).pages)


def test_an_english_report_speaks_english():
    pdf = render_evaluation_pdf(replace(worked_example(), client=client("en")), resolve_photo=PHOTOS.get)
    text = text_of(pdf)
    assert "63.6" in text and "total score" in text.lower() and "Failed" in text and "Page 2 of 3" in text
    assert "not applicable" in text and "Seite" not in text
    reader = PdfReader(BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Evaluation report: Filiale Berlin Mitte, 14 Mar 2026"


def test_a_failed_knockout_zeroes_the_scores_and_is_listed():
    pdf = render_evaluation_pdf(worked_example(knockout_failed=True), resolve_photo=PHOTOS.get)
    text = text_of(pdf)
    assert "Nicht erfüllte K.-o.-Kriterien" in text
    assert text.count("Wurde der Kunde begrüßt?") == 2
    assert "0,0" in text and "25,0" in text


def test_a_missing_score_prints_as_not_available():
    report = replace(worked_example(), persona_score=None, touchpoints=())
    assert "k. A." in text_of(render_evaluation_pdf(report, resolve_photo=PHOTOS.get))


def test_pdf_a_output_declares_its_conformance():
    pdf = render_evaluation_pdf(worked_example(), resolve_photo=PHOTOS.get, pdf_a=True)
    reader = PdfReader(BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    # The XMP packet is stored uncompressed, so tools that scan the bytes find it.
    assert b'pdfaid:part="3"' in pdf
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "63,6" in text_of(pdf)


def test_the_project_report_shows_every_part(project_pdf):
    report = project_report(evaluations=120)
    fmt = Formatter("de")
    text = text_of(project_pdf)
    for heading in ("Management Summary", "Persona × Touchpoint", "Customer Journey Map je Persona",
                    "Standort-Ranking", "Entwicklung über die Wellen", "Net Promoter Score", "Pain Points",
                    "Erfüllungsquote je Frage", "Anhang: alle Tests"):
        assert heading in text
    for row in report.heat_map.cells:
        for cell in row:
            assert fmt.score(cell.score) in text
    assert "k. A." in text
    for location in report.locations:
        assert location.title in text
    assert fmt.score(report.nps.score) in text
    assert "EV-00000" in text and "EV-00119" in text


@pytest.mark.parametrize(("language", "none_text", "mark"), [
    ("de", "Keine Pain Points: kein Touchpoint liegt unter der Bestehensgrenze.", "Bestehensgrenze: 80,0\u202f%"),
    ("en", "No pain points: no touchpoint is below the pass mark.", "Pass mark: 80.0%"),
])
def test_a_persona_without_pain_points_is_named_in_words(language, none_text, mark):
    report = project_report(evaluations=6, language=language)
    senior = report.pain_points[-1]
    assert senior.touchpoints == ()
    html = render_html(report)
    assert "table class=\"scores pain-points\"" in html
    assert f'<th scope="row">{senior.persona}</th><td colspan="3" class="no-pain">{none_text}</td>' in html
    text = squeezed(text_of(render_project_pdf(report)))
    assert squeezed(none_text) in text and squeezed(mark) in text


@pytest.mark.parametrize(("language", "none_text"), [
    ("de", "Keine Pain Points: für keine Persona liegt ein Touchpoint unter der Bestehensgrenze."),
    ("en", "No pain points: no touchpoint of any persona is below the pass mark."),
])
def test_no_pain_points_at_all_is_a_sentence_not_an_empty_table(language, none_text):
    report = project_report(evaluations=6, language=language)
    report = replace(report, pain_points=tuple(replace(pain, touchpoints=()) for pain in report.pain_points))
    html = render_html(report)
    assert "pain-points" not in html
    assert f'<p class="no-pain">{none_text}</p>' in html


def test_long_tables_repeat_their_header_on_every_page(project_pdf):
    pages = [page.extract_text() for page in PdfReader(BytesIO(project_pdf)).pages]
    appendix_pages = [page for page in pages if "EV-000" in page]
    assert len(appendix_pages) >= 3
    assert all("Referenz" in page and "Gesamtscore" in page for page in appendix_pages)
    assert all(f"von {len(pages)}" in page for page in pages[1:])


def test_project_metadata(project_pdf):
    reader = PdfReader(BytesIO(project_pdf))
    assert reader.metadata.title == "Projektbericht: Filialcheck 2025/26"
    assert reader.trailer["/Root"]["/Lang"] == "de"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pages_render_to_images(german_pdf, project_pdf, tmp_path):
    for name, pdf in (("evaluation", german_pdf), ("project", project_pdf)):
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(source), str(tmp_path / name)],
                       check=True)
        images = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(images) == 2
        for path in images:
            with Image.open(path) as image:
                assert abs(image.width / image.height - 210 / 297) < 0.01
                # Not a blank page: some of it is dark ink.
                assert image.convert("L").getextrema()[0] < 60


def hostile_texts(trap_url: str, secret_uri: str) -> dict[str, str]:
    return {
        "img": f'<img src="{secret_uri}">',
        "link": f'<link rel="stylesheet" href="{trap_url}/x.css">',
        "script": "<script>document.write('pwned')</script>",
        "style": f"<style>@import url({trap_url}/y.css);</style>",
        "svg": f'<svg><image href="{trap_url}/z.png"/></svg>',
        "entity": "&lt;b&gt;not bold&lt;/b&gt; & ampersand",
    }


def hostile_evaluation(texts: dict[str, str]):
    report = worked_example(
        comment=texts["img"] + "\n" + texts["script"],
        location=texts["link"],
    )
    first = report.sections[0]
    answers = (
        replace(first.answers[0], question=texts["style"], answer=texts["svg"]),
        *first.answers[1:],
    )
    return replace(
        report,
        client=client(name=texts["entity"], brand_color="red; background: url(x)"),
        tester_pseudonym=texts["script"],
        persona=texts["svg"],
        knockouts=(texts["img"],),
        sections=(replace(first, title=texts["link"], answers=answers), *report.sections[1:]),
    )


def test_hostile_text_is_printed_as_text_and_fetches_nothing(tmp_path, trap_server, caplog):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (64, 64), (255, 0, 0)).save(secret)
    texts = hostile_texts(trap_server.url, secret.as_uri())
    report = hostile_evaluation(texts)
    asked = []

    def resolve(key: str) -> bytes:
        asked.append(key)
        return PHOTOS.get(key)

    with caplog.at_level(logging.WARNING):
        pdf = render_evaluation_pdf(report, resolve_photo=resolve)
    assert trap_server.requests == []
    assert asked == ["photo-entrance"]
    assert not [record for record in caplog.records if record.name == "backend.reports.fetcher"]
    text = squeezed(text_of(pdf))
    for fragment in ("<script>document.write('pwned')</script>", '<img src="file://', '<link rel="stylesheet"',
                     "&lt;b&gt;not bold&lt;/b&gt; & ampersand"):
        assert squeezed(fragment) in text
    # Only the real photo is embedded: the hostile <img> named a red square on the disk.
    sizes = {image.image.size for page in PdfReader(BytesIO(pdf)).pages for image in page.images}
    assert sizes == {(1024, 768)}


def test_hostile_text_is_escaped_in_the_html(tmp_path):
    texts = hostile_texts("http://127.0.0.1:9", "file:///etc/passwd")
    html = render_html(hostile_evaluation(texts))
    assert "<script" not in html and '<img src="file:' not in html
    assert '<link rel="stylesheet" href="http' not in html
    assert "&lt;script&gt;" in html
    assert "&amp;lt;b&amp;gt;" in html
    # Colours and widths come from classes: no style attribute, so no CSS can hide in one.
    assert "style=" not in html.replace("&lt;style&gt;", "")


def test_hostile_text_in_a_project_report_is_plain_text(trap_server):
    texts = hostile_texts(trap_server.url, "file:///etc/passwd")
    report = project_report(evaluations=6)
    heat_map = replace(report.heat_map, personas=(texts["script"], *report.heat_map.personas[1:]))
    report = replace(
        report,
        project=texts["link"],
        heat_map=heat_map,
        locations=(replace(report.locations[0], title=texts["img"]), *report.locations[1:]),
        waves=(texts["svg"], *report.waves[1:]),
    )
    text = squeezed(text_of(render_project_pdf(report)))
    assert trap_server.requests == []
    assert squeezed("<script>document.write('pwned')</script>") in text
    assert squeezed('<img src="file:///etc/passwd">') in text


def test_reports_without_data_still_render():
    empty_project = replace(
        project_report(evaluations=0),
        summary=ExecutiveSummary(0, 0, None, None, None, 0),
        heat_map=HeatMap((), (), ()),
        journeys=(),
        steps=(),
        touchpoints=(),
        locations=(),
        waves=(),
        trend=(),
        nps=None,
        pain_points=(),
        question_pass_rates=(),
    )
    assert "k. A." in text_of(render_project_pdf(empty_project))
    empty_evaluation = replace(worked_example(), steps=(), touchpoints=(), sections=(), total_score=None,
                               persona_score=None, proof_of_visit=ProofOfVisit())
    assert "k. A." in text_of(render_evaluation_pdf(empty_evaluation, resolve_photo=PHOTOS.get))
