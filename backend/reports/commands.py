"""`fieldcheck report`: write an evaluation or project report to a file, from the command line."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Optional

import typer

from backend.cli_database import Needs, command_engine
from backend.db import session_scope
from backend.errors import not_found
from backend.evaluations.models import Evaluation, EvaluationStatus
from backend.fieldwork.models import Project
from backend.reports import preparation
from backend.reports.render import render_evaluation_pdf, render_project_pdf
from backend.results.queries import ScoreFilter

app = typer.Typer(no_args_is_help=True, help="write PDF audit reports to files")
Output = Annotated[Path, typer.Option("--output", "-o", help="the PDF file to write")]
Lang = Annotated[Optional[str], typer.Option(help="de or en; default: the client's report language")]
PdfA = Annotated[bool, typer.Option("--pdf-a", help="PDF/A-3b for archiving")]


@app.command("evaluation")
def evaluation_report(evaluation_id: uuid.UUID, output: Output, lang: Lang = None, pdf_a: PdfA = False) -> None:
    """The report of one evaluation."""
    with session_scope(command_engine(Needs.current)) as session:
        evaluation = session.get(Evaluation, evaluation_id)
        if evaluation is None:
            raise typer.BadParameter(not_found(f"Evaluation {evaluation_id}").detail)
        prepared = preparation.evaluation_report(session=session, evaluation=evaluation, language=lang, pdf_a=pdf_a,
                                                 use_cache=False)
    pdf = render_evaluation_pdf(prepared.report, resolve_photo=prepared.photos.get, logo=prepared.logo, pdf_a=pdf_a)
    output.write_bytes(pdf)
    typer.echo(f"wrote {output} ({len(pdf) // 1024} KiB)")


@app.command("project")
def project_report(
    project_id: int, output: Output, lang: Lang = None, pdf_a: PdfA = False,
    wave: Annotated[Optional[int], typer.Option(help="only this wave id")] = None,
    location: Annotated[Optional[int], typer.Option(help="only this location id")] = None,
    persona: Annotated[Optional[str], typer.Option(help="only this persona id")] = None,
    include_approved: Annotated[bool, typer.Option(help="count approved, not yet released evaluations")] = False,
) -> None:
    """The report over a project's released evaluations."""
    statuses = (EvaluationStatus.approved, EvaluationStatus.released) if include_approved else (EvaluationStatus.released,)
    with session_scope(command_engine(Needs.current)) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise typer.BadParameter(not_found(f"Project {project_id}").detail)
        score_filter = ScoreFilter(project_id=project_id, statuses=statuses, wave_id=wave, location_id=location,
                                   persona=persona)
        prepared = preparation.project_report(session=session, project=project, score_filter=score_filter,
                                              language=lang, pdf_a=pdf_a, use_cache=False)
    pdf = render_project_pdf(prepared.report, logo=prepared.logo, pdf_a=pdf_a)
    output.write_bytes(pdf)
    typer.echo(f"wrote {output} ({len(pdf) // 1024} KiB)")
