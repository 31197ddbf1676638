"""PDF delivery over the API: the right people get the right numbers; caching follows the content."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from backend.auth.models import Role
from tests.factories import build_released_project


@pytest.fixture
def released_project(session, users, client):
    return build_released_project(session, users, client)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_client_downloads_an_evaluation_report_with_scores_and_pseudonym_only(client, released_project):
    evaluation_id = released_project["evaluation_ids"][2]
    response = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=en",
                          headers=released_project["client_headers"])
    text = pdf_text(response)
    assert "40.0" in text, "the business evaluation's total score, as the scoring engine computed it"
    assert "43.8" in text, "its persona score 43.75, rounded half away from zero"
    assert released_project["tester_user"].pseudonym in text
    # Pseudonyms look like "Tester 10e086fa": the real name "Tester 1" must not appear as a whole word.
    real_name = re.escape(released_project["tester_user"].display_name)
    assert not re.search(rf"{real_name}(?![0-9a-f])", text)
    assert "rude" in text, "the tester's comment on the poor advice"
    assert response.headers["X-Report-Cache"] == "miss"
    again = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=en",
                       headers=released_project["client_headers"])
    assert again.headers["X-Report-Cache"] == "hit" and again.content == response.content


def test_a_new_review_result_renders_anew(client, released_project):
    evaluation_id = released_project["unreleased_id"]
    reviewer = released_project["reviewer_headers"]
    first = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf", headers=reviewer)
    assert first.headers["X-Report-Cache"] == "miss"
    client.post(f"/api/v1/evaluations/{evaluation_id}/review", json={"action": "approve"}, headers=reviewer)
    second = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf", headers=reviewer)
    assert second.headers["X-Report-Cache"] == "miss"


def test_project_report_shows_the_matrix_and_counts(client, released_project):
    project_id = released_project["project"].id
    text = pdf_text(client.get(f"/api/v1/projects/{project_id}/report.pdf?lang=en",
                               headers=released_project["client_headers"]))
    assert "63.3" in text, "mean total over the three released evaluations"
    assert "Young" in text and "Business" in text and "Advisor" in text
    # Pseudonyms look like "Tester 10e086fa": the real name "Tester 1" must not appear as a whole word.
    real_name = re.escape(released_project["tester_user"].display_name)
    assert not re.search(rf"{real_name}(?![0-9a-f])", text)


def test_who_may_not_download_reports(client, released_project, users, session):
    from backend.clients.models import Client

    other = Client(name="Someone Else")
    session.add(other)
    session.flush()
    released = released_project["evaluation_ids"][0]
    outsider = users.headers(Role.client, client_id=other.id)
    assert client.get(f"/api/v1/evaluations/{released}/report.pdf", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{released_project['project'].id}/report.pdf",
                      headers=outsider).status_code == 404
    unreleased = released_project["unreleased_id"]
    assert client.get(f"/api/v1/evaluations/{unreleased}/report.pdf",
                      headers=released_project["client_headers"]).status_code == 404
    assert client.get(f"/api/v1/evaluations/{released}/report.pdf",
                      headers=released_project["tester_headers"]).status_code == 403
