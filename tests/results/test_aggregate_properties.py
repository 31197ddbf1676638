"""Every project aggregate, stored through the real submission service, equals the pure oracle of SCORING.md.

Random templates and evaluations on SQLite and PostgreSQL: some returned and corrected (only the current
revision counts), some only approved or submitted (they do not count).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.evaluations.models import EvaluationStatus
from backend.scoring.aggregates import Aggregate
from backend.scoring.engine import score_evaluation
from backend.results.queries import ScoreFilter
from backend.results.service import project_scores
from tests.conftest import rolled_back
from tests.results import oracle
from tests.results.stored import fieldwork
from tests.scoring.strategies import submittable_answers, submittable_definitions

EXAMPLES = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GROUPINGS = [("location", "wave"), ("persona", "step"), ("wave", "touchpoint"), ("persona",), ("location", "touchpoint")]
STATUSES = [EvaluationStatus.released] * 4 + [EvaluationStatus.approved, EvaluationStatus.submitted]


def assert_mean(actual: Aggregate | dict, want: oracle.Mean, what: str) -> None:
    mean, n = (actual.mean, actual.n) if isinstance(actual, Aggregate) else (actual["mean"], actual["n"])
    assert n == want[1], what
    assert mean == (None if want[0] is None else pytest.approx(want[0], rel=1e-9, abs=1e-9)), what


def assert_means(actual: dict, want: dict, what: str, *, ordered: bool = True) -> None:
    assert (list(actual) if ordered else set(actual)) == (list(want) if ordered else set(want)), what
    for key, mean in want.items():
        assert_mean(actual[key], mean, f"{what} {key}")


@EXAMPLES
@given(definition=submittable_definitions(), data=st.data())
def test_project_scores_equal_the_oracle(engine, definition, data):
    with rolled_back(engine) as session:
        work = fieldwork(session, definition)
        personas = [persona.id for persona in work.definition.personas]
        counted = []
        for _ in range(data.draw(st.integers(1, 7), label="evaluations")):
            persona = data.draw(st.sampled_from(personas), label="persona")
            answers = data.draw(submittable_answers(work.definition), label="answers")
            corrected = data.draw(st.sampled_from([None, None, None, "corrected"]), label="returned first")
            status = data.draw(st.sampled_from(STATUSES), label="status")
            location = data.draw(st.sampled_from(work.locations), label="location")
            wave = data.draw(st.sampled_from([*work.waves, None]), label="wave")
            first = data.draw(submittable_answers(work.definition), label="first answers") if corrected else None
            work.store(persona=persona, answers=answers, location=location, wave=wave, status=status,
                       first_answers=first)
            scores = score_evaluation(work.definition, persona=persona, answers=answers)
            assert scores.emotions == {
                step.id: oracle.emotion_of_step(scores, step.id) for step in work.definition.steps
                if oracle.emotion_of_step(scores, step.id) is not None}
            if status == EvaluationStatus.released:
                counted.append(oracle.Counted(location.id, wave.id if wave else None, scores))
        by = data.draw(st.sampled_from(GROUPINGS), label="group_by")

        actual = project_scores(session=session, project=work.project,
                                score_filter=ScoreFilter(project_id=work.project.id), group_by=by)

        want = oracle.expected(work.definition, counted)
        assert actual["n"] == want["n"]
        for key in ("total", "persona_score", "pass_rate", "knockout_rate"):
            assert_mean(actual[key], want[key], key)
        assert list(actual["matrix"]) == list(want["matrix"])
        for persona, cells in want["matrix"].items():
            assert_means(actual["matrix"][persona], cells, f"matrix {persona}")
        for key in ("persona_scores", "step_scores", "touchpoint_scores", "questions"):
            assert_means(actual[key], want[key], key)
        assert list(actual["journey"]) == list(want["journey"])
        for persona, points in want["journey"].items():
            got = actual["journey"][persona]
            assert [point["step"] for point in got] == [point["step"] for point in points]
            for point, expected_point in zip(got, points):
                assert_mean(point["score"], expected_point["score"], f"journey {persona} {point['step']}")
                if expected_point["emotion"] is None:
                    assert point["emotion"] is None
                else:
                    assert_mean(point["emotion"], expected_point["emotion"], f"emotion {persona} {point['step']}")
        nps, (score, answered, promoters, detractors) = actual["nps"], want["nps"]
        assert_mean(nps, (score, answered), "nps")
        assert (nps.promoters, nps.detractors) == (promoters, detractors)
        assert actual["pain_points"] == want["pain_points"]
        for dimension, groups in (("location", actual["locations"]), ("wave", actual["waves"])):
            assert_means({(g["key"][dimension],): g for g in groups}, want[f"{dimension}s"], dimension, ordered=False)
        ranked = [g["mean"] for g in actual["locations"]]
        assert ranked == sorted(ranked, key=lambda mean: (mean is None, -(mean or 0))), "best location first"
        assert_means({tuple(g["key"][d] for d in by): g for g in actual["groups"]}, oracle.grouped(counted, by),
                     f"groups {by}", ordered=False)
