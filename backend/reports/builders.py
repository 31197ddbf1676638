"""Builds the pure report models from the database: one evaluation, or a project's released evaluations."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from backend.auth.models import User
from backend.checklists.service import definition_of_version
from backend.checklists.template import AnswerIn, ChecklistDefinition
from backend.clients.models import Client
from backend.config import default_time_zone
from backend.evaluations import service as evaluations
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Location, Project, Wave
from backend.media.storage import make_photo_keys
from backend.reports import document as m
from backend.reports.texts import INSTRUMENTS, answer_text, localized
from backend.results import queries
from backend.results.queries import ScoreFilter
from backend.results.service import project_scores
from backend.scoring.aggregates import Aggregate
from backend.scoring.engine import score_evaluation
from backend.timeutil import local

APPENDIX_LIMIT = 2000


def report_client(client: Client, language: str | None) -> m.ReportClient:
    chosen = language or client.report_language
    return m.ReportClient(name=client.name, language=chosen if chosen in m.LANGUAGES else "de",
                          brand_color=client.brand_color)


def last_change(evaluation: Evaluation) -> datetime:
    """The report's date: its content's last change, not the clock, so a cached report stays true."""
    return max(t for t in (evaluation.submitted_at, evaluation.approved_at, evaluation.released_at) if t)


def visit_day(evaluation: Evaluation, location: Location) -> date:
    """The day of the visit as the location's calendar has it."""
    return local(evaluation.visit_started_at or evaluation.submitted_at, location.time_zone).date()


def evaluation_report(*, session: Session, evaluation: Evaluation, language: str | None) -> m.EvaluationReport:
    project = session.get(Project, evaluation.project_id)
    client = session.get(Client, project.client_id)
    location = session.get(Location, evaluation.location_id)
    wave = session.get(Wave, evaluation.wave_id) if evaluation.wave_id else None
    tester = session.get(User, evaluation.tester_id)
    definition = definition_of_version(session=session, version_id=evaluation.checklist_version_id)
    target = report_client(client, language)
    lang = target.language
    payload = evaluations.current_payload(session=session, evaluation=evaluation)
    answers = {qid: AnswerIn.model_validate(a) for qid, a in payload["answers"].items()}
    scores = score_evaluation(definition, persona=evaluation.persona, answers=answers)
    photos = evaluations.photos_of(session=session, evaluation=evaluation, payload=payload)
    photo_by_id = {str(p.id): p for p in photos}
    by_question = {s.question_id: s for s in scores.questions}
    sections = []
    for section in definition.sections:
        lines = []
        for question in section.questions:
            score = by_question[question.id]
            if score.reason in ("hidden", "other_persona"):
                continue
            answer = answers.get(question.id)
            refs = tuple(
                m.PhotoRef(key=make_photo_keys(photo_by_id[pid].id).display, caption=localized(question.text, lang))
                for pid in (answer.photos if answer else []) if pid in photo_by_id)
            lines.append(m.AnswerLine(
                question=localized(question.text, lang), answer=answer_text(question, answer, lang),
                na=bool(answer and answer.na), points=score.points if score.applicable else None,
                max_points=score.max_points if question.scored else None, knockout=question.knockout,
                comment=answer.comment if answer else None, photos=refs))
        if lines:
            sections.append(m.AnswerSection(title=localized(section.title, lang), answers=tuple(lines)))
    emotions = scores.emotions
    return m.EvaluationReport(
        client=target, reference=str(evaluation.id)[:8].upper(), project=project.name, location=location.name,
        location_address=", ".join(p for p in (location.street, f"{location.postal_code or ''} {location.city or ''}".strip()) if p) or None,
        visit_date=visit_day(evaluation, location),
        wave=wave.name if wave else None, persona=_persona_title(definition, evaluation.persona, lang),
        instrument=INSTRUMENTS[definition.kind][lang], tester_pseudonym=tester.pseudonym or "Tester",
        created=local(last_change(evaluation), location.time_zone), total_score=scores.total, persona_score=scores.persona_score,
        passed=scores.passed, pass_threshold=scores.pass_threshold,
        knockouts=tuple(localized(_question(definition, q).text, lang) for q in scores.knockouts),
        steps=tuple(m.JourneyPoint(step=localized(s.title, lang), score=scores.steps.get(s.id),
                                   emotion=emotions.get(s.id), emotion_n=1 if s.id in emotions else 0)
                    for s in definition.steps),
        touchpoints=tuple(m.ScoreRow(title=localized(t.title, lang), score=scores.touchpoints.get(t.id))
                          for t in definition.touchpoints),
        sections=tuple(sections),
        proof_of_visit=_proof(evaluation, location, photos),
    )


def _question(definition: ChecklistDefinition, question_id: str):
    return next(q for q in definition.questions() if q.id == question_id)


def _persona_title(definition: ChecklistDefinition, persona_id: str, language: str) -> str:
    persona = definition.persona(persona_id)
    return localized(persona.title, language) if persona else persona_id


def _proof(evaluation: Evaluation, location: Location, photos) -> m.ProofOfVisit:
    """The proof of visit as it was judged at submission, with the times on the location's clock."""
    return m.ProofOfVisit(visit_start=local(evaluation.visit_started_at, location.time_zone),
                          visit_end=local(evaluation.visit_ended_at, location.time_zone),
                          distance_m=evaluation.distance_m, accuracy_m=evaluation.accuracy_m,
                          photos_in_visit=evaluation.photos_in_visit, photos_total=len(photos))


def project_report(*, session: Session, project: Project, score_filter: ScoreFilter,
                   language: str | None, created: datetime) -> m.ProjectReport:
    client = session.get(Client, project.client_id)
    definition = definition_of_version(session=session, version_id=project.checklist_version_id)
    target = report_client(client, language)
    lang = target.language
    data = project_scores(session=session, project=project, score_filter=score_filter)
    persona_title = {p.id: localized(p.title, lang) for p in definition.personas}
    touchpoint_title = {t.id: localized(t.title, lang) for t in definition.touchpoints}
    step_title = {s.id: localized(s.title, lang) for s in definition.steps}
    personas, touchpoints = data["personas"], data["touchpoints"]
    rows = _appendix(session, score_filter, definition, lang)
    waves = _waves(session, project, score_filter)
    nps = data["nps"]
    return m.ProjectReport(
        client=target, project=project.name, instrument=INSTRUMENTS[definition.kind][lang],
        created=local(created, default_time_zone()),
        filter=m.ReportFilter(wave=_name(session, Wave, score_filter.wave_id),
                              location=_name(session, Location, score_filter.location_id),
                              persona=persona_title.get(score_filter.persona) if score_filter.persona else None),
        summary=m.ExecutiveSummary(
            evaluations=data["n"], locations=sum(1 for g in data["locations"] if g["n"]),
            mean_total=data["total"].mean, mean_persona=data["persona_score"].mean,
            pass_rate=data["pass_rate"].mean, knockout_evaluations=_count_of(data["knockout_rate"])),
        heat_map=m.HeatMap(
            personas=tuple(persona_title[p] for p in personas),
            touchpoints=tuple(touchpoint_title[t] for t in touchpoints),
            cells=tuple(tuple(m.ScoreCell(score=data["matrix"][p][t].mean, n=data["matrix"][p][t].n)
                              for t in touchpoints) for p in personas)),
        journeys=tuple(
            m.PersonaJourney(persona=persona_title.get(p, p), points=tuple(
                m.JourneyPoint(step=step_title[point["step"]], score=point["score"].mean, n=point["score"].n,
                               emotion=point["emotion"].mean if point["emotion"] else None,
                               emotion_n=point["emotion"].n if point["emotion"] else 0)
                for point in data["journey"][p]))
            for p in personas if p in data["journey"]),
        steps=tuple(m.ScoreRow(title=step_title.get(k, k), score=a.mean, n=a.n) for k, a in data["step_scores"].items()),
        touchpoints=tuple(m.ScoreRow(title=touchpoint_title.get(k, k), score=a.mean, n=a.n)
                          for k, a in data["touchpoint_scores"].items()),
        locations=tuple(m.ScoreRow(title=g["key"]["name"] or "?", score=g["mean"], n=g["n"]) for g in data["locations"]),
        waves=tuple(name for name, _ in waves),
        trend=(m.TrendSeries(title="Total" if lang == "en" else "Gesamt",
                             values=tuple(cell for _, cell in waves)),) if waves else (),
        nps=m.NetPromoterScore(score=nps.mean, promoters=nps.promoters, passives=nps.passives,
                               detractors=nps.detractors) if nps.n else None,
        pain_points=tuple(
            m.PainPoints(persona=persona_title.get(p, p), touchpoints=tuple(
                m.ScoreRow(title=touchpoint_title[t], score=data["matrix"][p][t].mean, n=data["matrix"][p][t].n)
                for t in data["pain_points"].get(p, ())),
                scored=any(cell.n for cell in data["matrix"][p].values()))
            for p in personas),
        pass_threshold=float(definition.pass_threshold),
        question_pass_rates=tuple(
            m.QuestionPassRate(question=localized(q.text, lang), touchpoint=touchpoint_title[q.touchpoint],
                               pass_rate=data["questions"][q.id].mean, n=data["questions"][q.id].n,
                               knockout=q.knockout)
            for q in definition.questions() if q.scored and q.id in data["questions"]),
        evaluations=tuple(rows),
    )


def _count_of(share: Aggregate) -> int:
    """How many of the n evaluations a share (0..100) stands for."""
    return round((share.mean or 0) * share.n / 100)


def _name(session, model, row_id):
    row = session.get(model, row_id) if row_id is not None else None
    return row.name if row else None


def _waves(session: Session, project: Project, score_filter: ScoreFilter) -> list[tuple[str, m.ScoreCell]]:
    """Mean total per wave in wave order; a wave filter still shows the whole trend."""
    trend_filter = ScoreFilter(project_id=score_filter.project_id, statuses=score_filter.statuses,
                               location_id=score_filter.location_id, persona=score_filter.persona)
    means = {key[0]: a for key, a in queries.grouped(session, trend_filter, ("wave",))}
    waves = session.exec(select(Wave).where(Wave.project_id == project.id).order_by(Wave.starts_on, Wave.id)).all()
    return [(w.name, m.ScoreCell(score=means[w.id].mean, n=means[w.id].n)) for w in waves if w.id in means]


def _appendix(session: Session, score_filter: ScoreFilter, definition, lang) -> list[m.EvaluationRow]:
    ids = queries.evaluation_ids(score_filter)
    found = session.exec(select(Evaluation, Location, Wave).join(Location, Location.id == Evaluation.location_id)
                         .outerjoin(Wave, Wave.id == Evaluation.wave_id).where(Evaluation.id.in_(ids))
                         .order_by(Evaluation.visit_started_at, Evaluation.id).limit(APPENDIX_LIMIT)).all()
    return [m.EvaluationRow(
        reference=str(e.id)[:8].upper(), visit_date=visit_day(e, location),
        location=location.name, persona=_persona_title(definition, e.persona, lang),
        wave=wave.name if wave else None, total_score=e.total_score, persona_score=e.persona_score,
        passed=e.passed, knockouts=len(e.knockouts or [])) for e, location, wave in found]


def client_of(*, session: Session, evaluation: Evaluation) -> int:
    return session.get(Project, evaluation.project_id).client_id
