"""Publishing immutable checklist versions and reading them, scoped by role."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, select

from backend.auth.models import Role
from backend.auth.principal import Principal
from backend.checklists.issues import TemplateInvalid, TemplateIssue
from backend.checklists.loader import load_template
from backend.checklists.models import ChecklistTemplate, ChecklistVersion
from backend.checklists.template import ChecklistDefinition
from backend.errors import AppError, not_found
from backend.fieldwork.models import Assignment, Project


def _issues_error(issues: list[TemplateIssue]) -> AppError:
    first = issues[0]
    where = f"line {first.line}" if first.line else first.path or "template"
    return AppError(
        422, "template_invalid",
        f"The template has {len(issues)} problem(s); the first, at {where}: {first.message}",
        errors=[{"line": i.line, "path": i.path, "message": i.message, "code": i.code} for i in issues],
    )


def parse(*, source: str | bytes, source_format: str, filename: str) -> ChecklistDefinition:
    """A validated definition, or a 422 listing every problem with its line and path."""
    try:
        return load_template(source, filename=filename, format=source_format)
    except TemplateInvalid as exc:
        raise _issues_error(list(exc.issues)) from exc


def _title(definition: ChecklistDefinition) -> str:
    title = definition.title
    if isinstance(title, str):
        return title
    return title.get(definition.languages[0]) or next(iter(title.values()))


def _type_changes(session: Session, template: ChecklistTemplate, definition: ChecklistDefinition) -> list[dict]:
    """Question ids keep their meaning across versions: a changed type would mix apples and pears in trends."""
    previous = session.exec(
        select(ChecklistVersion).where(ChecklistVersion.template_id == template.id)
        .order_by(ChecklistVersion.version.desc())
    ).first()
    if previous is None:
        return []
    old_types = {q["id"]: q["type"] for s in previous.definition["sections"] for q in s["questions"]}
    return [
        {"path": f"questions.{q.id}.type", "line": None,
         "message": f"question {q.id} was {old_types[q.id]} in version {previous.version}; give a new id instead"}
        for q in definition.questions() if q.id in old_types and old_types[q.id] != q.type
    ]


def publish(
    *, session: Session, principal: Principal, source: str, source_format: str, expected_key: str | None = None
) -> tuple[ChecklistVersion, bool]:
    """Store a new immutable version; the same content as the latest version publishes nothing."""
    definition = parse(source=source, source_format=source_format, filename=f"upload.{source_format}")
    if expected_key is not None and definition.key != expected_key:
        raise AppError(422, "template_key_mismatch",
                       f"The template's key is {definition.key}, but it is published under {expected_key}.",
                       errors=[{"path": "key", "line": None, "message": f"must be {expected_key}"}])
    document = definition.model_dump(mode="json", by_alias=True, exclude_none=True)
    content_hash = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    template = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.key == definition.key)).first()
    if template is None:
        if expected_key is not None:
            raise not_found(f"Checklist {expected_key}")
        template = ChecklistTemplate(key=definition.key, kind=definition.kind)
        session.add(template)
        session.flush()
    elif expected_key is None:
        raise AppError(409, "checklist_exists",
                       f"A checklist {definition.key} exists; publish a new version at /checklists/{definition.key}/versions.")
    else:
        latest = latest_version(session=session, template=template)
        if latest is not None and latest.content_hash == content_hash:
            return latest, False
        if template.kind != definition.kind:
            raise AppError(422, "template_kind_changed", f"The checklist is a {template.kind}; the kind cannot change.",
                           errors=[{"path": "kind", "line": None, "message": f"must stay {template.kind}"}])
        changes = _type_changes(session, template, definition)
        if changes:
            raise AppError(422, "question_type_changed", changes[0]["message"], errors=changes)
    template.latest_version += 1
    version = ChecklistVersion(
        template_id=template.id, version=template.latest_version, title=_title(definition)[:300], source=source,
        source_format=source_format, definition=document, content_hash=content_hash, published_by=principal.id,
    )
    session.add(template)
    session.add(version)
    session.flush()
    return version, True


def latest_version(*, session: Session, template: ChecklistTemplate) -> ChecklistVersion | None:
    return session.exec(
        select(ChecklistVersion).where(ChecklistVersion.template_id == template.id,
                                       ChecklistVersion.version == template.latest_version)
    ).first()


def _visible_template_ids(session: Session, principal: Principal) -> set[int] | None:
    """None means every template; testers and clients see only those of their own work."""
    if principal.is_staff:
        return None
    query = select(ChecklistVersion.template_id).join(Project, Project.checklist_version_id == ChecklistVersion.id)
    if principal.role == Role.tester:
        query = query.join(Assignment, Assignment.project_id == Project.id).where(Assignment.tester_id == principal.id)
    else:
        query = query.where(Project.client_id == principal.client_id)
    return set(session.exec(query).all())


def list_templates(*, session: Session, principal: Principal) -> list[tuple[ChecklistTemplate, list[ChecklistVersion]]]:
    allowed = _visible_template_ids(session, principal)
    templates = session.exec(select(ChecklistTemplate).order_by(ChecklistTemplate.key)).all()
    versions = session.exec(select(ChecklistVersion).order_by(ChecklistVersion.version)).all()
    by_template: dict[int, list[ChecklistVersion]] = {}
    for version in versions:
        by_template.setdefault(version.template_id, []).append(version)
    return [(t, by_template.get(t.id, [])) for t in templates if allowed is None or t.id in allowed]


def get_version(
    *, session: Session, principal: Principal, key: str, version: int | None
) -> tuple[ChecklistTemplate, ChecklistVersion]:
    template = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.key == key)).first()
    allowed = _visible_template_ids(session, principal)
    if template is None or (allowed is not None and template.id not in allowed):
        raise not_found(f"Checklist {key}")
    number = version if version is not None else template.latest_version
    found = session.exec(
        select(ChecklistVersion).where(ChecklistVersion.template_id == template.id, ChecklistVersion.version == number)
    ).first()
    if found is None:
        raise not_found(f"Version {number} of checklist {key}")
    return template, found


# Versions are immutable, so a parsed definition can be kept for as long as the process lives.
_parsed_definitions: dict[str, ChecklistDefinition] = {}


def definition_of_version(*, session: Session, version_id: int) -> ChecklistDefinition:
    """The parsed definition of a version, parsed once per process."""
    version = session.get(ChecklistVersion, version_id)
    if version is None:
        raise not_found(f"Checklist version {version_id}")
    definition = _parsed_definitions.get(version.content_hash)
    if definition is None:
        if len(_parsed_definitions) >= 256:
            _parsed_definitions.clear()
        definition = ChecklistDefinition.model_validate(version.definition)
        _parsed_definitions[version.content_hash] = definition
    return definition
