"""Report models built from stored evaluations: the emotion and pain points the scoring code computes."""

from __future__ import annotations

from datetime import datetime, timezone

from backend.reports.builders import evaluation_report, project_report
from backend.reports.render import render_project_pdf
from backend.results.queries import ScoreFilter
from tests.reports.test_render import squeezed, text_of
from tests.scoring.factories import NA, answers, definition, question
from tests.results.stored import fieldwork

CREATED = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


def template():
    return definition(
        [question("ok", "yes_no", step="arrival", touchpoint="desk", required=False),
         question("web", "yes_no", step="arrival", touchpoint="web", required=False),
         question("mood_in", "emotion", step="arrival", required=False),
         question("mood_out", "emotion", step="arrival", na_allowed=True, required=False)],
        steps=("arrival", "closing"),
        touchpoints=("desk", "web"),
        personas={"young": {}, "business": {}, "senior": {}},
        pass_threshold=50,
    )


def test_the_evaluation_report_shows_the_evaluations_own_emotion_per_step(session):
    work = fieldwork(session, template())
    evaluation = work.store(persona="young", answers=answers(ok=True, mood_in=1, mood_out=5))

    report = evaluation_report(session=session, evaluation=evaluation, language="de")

    assert [(p.step, p.emotion, p.emotion_n) for p in report.steps] == [("arrival", 3.0, 1), ("closing", None, 0)]


def test_the_project_report_shows_emotion_per_evaluation_and_pain_points_below_the_pass_mark(session):
    work = fieldwork(session, template())
    work.store(persona="young", answers=answers(ok=False, web=True, mood_in=1, mood_out=5))
    work.store(persona="young", answers=answers(ok=True, web=False, mood_in=5, mood_out=NA))
    work.store(persona="young", answers=answers(web=False))
    work.store(persona="business", answers=answers(ok=True, web=True, mood_in=2))

    report = project_report(session=session, project=work.project, score_filter=ScoreFilter(work.project.id),
                            language="de", created=CREATED)

    young = report.journeys[0]
    assert (young.points[0].emotion, young.points[0].emotion_n) == (4.0, 2)
    # young: desk 50 sits at the pass mark of 50, web 33.3 is below; business is at 100 everywhere
    assert [(p.persona, [row.title for row in p.touchpoints], p.scored) for p in report.pain_points] == [
        ("young", ["web"], True), ("business", [], True), ("senior", [], False)]
    assert report.pass_threshold == 50
    text = squeezed(text_of(render_project_pdf(report)))
    assert squeezed("business Keine Pain Points: kein Touchpoint liegt unter der Bestehensgrenze.") in text
    assert squeezed("senior Noch keine Auswertung mit Score für diese Persona.") in text
    assert squeezed("Bestehensgrenze: 50,0\u202f%") in text
