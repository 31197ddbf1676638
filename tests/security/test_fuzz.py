"""API fuzzing with schemathesis: for every operation, as admin, tester and client, no 5xx and answers as
documented. Runs in process against the real app on the test database (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlmodel import Session

from backend.auth.models import Role
from backend.main import app
from tests.conftest import requests_on
from tests.factories import project_with_assignment

CHECKS = [not_a_server_error, response_schema_conformance]
ROLES = (Role.admin, Role.tester, Role.client)
QUICK_EXAMPLES = 3
DEEP_EXAMPLES = int(os.environ.get("FIELDCHECK_FUZZ_EXAMPLES", "40"))


def load_schema(*, coverage: bool):
    """The app's own OpenAPI schema; the health probes are left out (/readyz is a 503 by design here)."""
    phases = {"coverage": {"enabled": coverage}, "examples": {"enabled": coverage}}
    config = SchemathesisConfig.from_dict({"phases": phases, "generation": {"mode": "all"}})
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config).include(path_regex="^/api/")


quick_schema = load_schema(coverage=False)
deep_schema = load_schema(coverage=True)


@pytest.fixture
def callers(session: Session, users) -> Iterator[dict[Role, dict[str, str]]]:
    """Tokens for an admin, a tester with an assignment and a client user, and the app on the test's session."""
    admin, tester = users.make(Role.admin), users.make(Role.tester)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    client_user = users.make(Role.client, client_id=setup["client"].id)
    headers = {role: {"Authorization": f"Bearer {users.token(user)}"}
               for role, user in ((Role.admin, admin), (Role.tester, tester), (Role.client, client_user))}
    session.commit()
    with requests_on(app, session):
        yield headers


@quick_schema.parametrize()
@settings(max_examples=QUICK_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx_or_off_schema(case, callers):
    for role in ROLES:
        case.call_and_validate(headers=callers[role], checks=CHECKS)


@pytest.mark.slow
@deep_schema.parametrize()
@settings(max_examples=DEEP_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx_or_off_schema_deeply(case, callers):
    """Boundary values for every parameter first (schemathesis' coverage phase), then random valid and invalid data."""
    for role in ROLES:
        case.call_and_validate(headers=callers[role], checks=CHECKS)


def test_the_fuzz_harness_catches_a_server_error_and_an_undocumented_answer():
    """The control: the same checks on a two-route app that breaks its promises must fail."""
    from fastapi import FastAPI
    from pydantic import BaseModel

    class Thing(BaseModel):
        name: str

    broken = FastAPI()

    @broken.get("/api/crash")
    def crash() -> dict:
        raise RuntimeError("boom")

    @broken.get("/api/thing", response_model=Thing)
    def thing():
        from fastapi.responses import JSONResponse

        return JSONResponse({"name": 42})

    control = schemathesis.openapi.from_asgi("/openapi.json", broken, config=SchemathesisConfig.from_dict({}))
    # In process, the transport re-raises the server's own exception: a 5xx can never pass unnoticed.
    with pytest.raises(RuntimeError, match="boom"):
        control["/api/crash"]["GET"].Case().call_and_validate(checks=CHECKS)
    with pytest.raises(FailureGroup, match="(?i)schema"):
        control["/api/thing"]["GET"].Case().call_and_validate(checks=CHECKS)
