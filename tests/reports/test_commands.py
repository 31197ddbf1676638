"""`fieldcheck report` writes the same PDFs as the API, to a file."""

import subprocess
import sys

import pytest
from pypdf import PdfReader

from backend.demo import DEMO_PASSWORD
from tests.live import ROOT

pytestmark = pytest.mark.e2e


def test_report_command_writes_evaluation_and_project_pdfs(demo_server, tmp_path):
    import httpx

    admin = httpx.post(f"{demo_server.url}/api/v1/auth/login",
                       json={"email": "admin@demo.fieldcheck.dev", "password": DEMO_PASSWORD}).json()["access_token"]
    released = httpx.get(f"{demo_server.url}/api/v1/evaluations?status=released&limit=1",
                         headers={"Authorization": f"Bearer {admin}"}).json()["items"][0]
    evaluation_pdf, project_pdf = tmp_path / "evaluation.pdf", tmp_path / "project.pdf"
    for args in (["evaluation", released["id"], "-o", str(evaluation_pdf), "--lang", "en"],
                 ["project", str(released["project"]["id"]), "-o", str(project_pdf), "--pdf-a"]):
        subprocess.run([sys.executable, "-m", "backend.cli", "report", *args], cwd=ROOT, env=demo_server.env,
                       check=True, capture_output=True)
    evaluation_text = "\n".join(p.extract_text() for p in PdfReader(evaluation_pdf).pages)
    assert released["tester"]["pseudonym"] in evaluation_text and released["location"]["name"] in evaluation_text
    project = PdfReader(project_pdf)
    assert released["project"]["name"] in project.pages[0].extract_text()
    xmp = project.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp


def test_report_command_refuses_unknown_ids(demo_server, tmp_path):
    result = subprocess.run([sys.executable, "-m", "backend.cli", "report", "project", "99999", "-o",
                             str(tmp_path / "x.pdf")], cwd=ROOT, env=demo_server.env, capture_output=True, text=True)
    assert result.returncode != 0 and "not found" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_demo_project_report_pages_render_to_images(demo_server, tmp_path):
    """pdftoppm draws every page of a report over the demo data: a layout that breaks shows here."""
    from PIL import Image, ImageStat

    pdf = tmp_path / "project.pdf"
    subprocess.run([sys.executable, "-m", "backend.cli", "report", "project", "1", "-o", str(pdf)], cwd=ROOT,
                   env=demo_server.env, check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(pdf).pages) >= 3
    for page in pages:
        with Image.open(page) as image:
            assert image.width < image.height, f"{page.name} is not portrait A4"
            darkest = min(ImageStat.Stat(image.convert("L")).extrema[0])
            assert darkest < 128, f"{page.name} is blank"
