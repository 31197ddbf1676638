"""Web hardening: security headers and a CSP the PWA passes, CORS closed, tokens kept out of URLs and logs,
and the login throttle."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from backend.auth.models import LoginThrottle, Role
from backend.config import get_settings
from backend.security_headers import CONTENT_SECURITY_POLICY
from backend.timeutil import utcnow
from tests.conftest import PASSWORD, api_routes
from tests.browser import PHONE
from tests.live import ROOT

SHELL_EXISTS = (ROOT / "backend" / "shell.py").exists()
HARDENING = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def assert_hardened(response, *, csp: bool = True) -> None:
    for name, value in HARDENING.items():
        assert response.headers.get(name) == value, f"{response.request.url}: {name}"
    assert "microphone=()" in response.headers.get("permissions-policy", "")
    if csp:
        assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_csp_allows_no_inline_script_eval_or_foreign_origin():
    policy = directives(CONTENT_SECURITY_POLICY)
    for directive in ("default-src", "script-src", "style-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert not any("unsafe" in source or "*" in source for sources in policy.values() for source in sources)


def test_every_kind_of_response_carries_the_security_headers(client, users):
    headers = users.headers(Role.admin)
    answers = [
        client.get("/api/v1/me", headers=headers),                      # 200 JSON
        client.get("/api/v1/me"),                                        # 401 problem
        client.get(f"/api/v1/evaluations/{uuid.uuid4()}", headers=headers),  # 404 problem
        client.post("/api/v1/auth/login", json={"email": 1}),            # 422 problem
        client.get("/healthz"),
    ]
    for response in answers:
        assert_hardened(response)
    for response in answers[:4]:
        assert response.headers["cache-control"] == "no-store", "API answers hold personal data: never cached"


@pytest.mark.skipif(not SHELL_EXISTS, reason="no PWA shell yet")
def test_the_pwa_shell_is_served_with_the_csp(client):
    for path in ("/", "/sw.js", "/manifest.webmanifest"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_hardened(response)
    index = client.get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", index), "inline script would need 'unsafe-inline'"
    assert not re.search(r"\son[a-z]+\s*=", index), "inline event handlers would need 'unsafe-inline'"
    assert not re.search(r"\sstyle\s*=", index), "style attributes would need 'unsafe-inline'"


def test_the_api_docs_need_no_other_site(client):
    """Swagger UI comes from this server (it works offline); only its one inline starter script is allowed."""
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert_hardened(docs, csp=False)
    policy = docs.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'unsafe-inline'" in policy
    assert "http" not in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(source.startswith("/docs/assets/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/redoc").status_code == 404


def test_cors_is_closed_by_default(client):
    assert get_settings().cors_origins == []
    preflight = client.options("/api/v1/auth/login", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-credentials" not in preflight.headers
    cross_site = client.post("/api/v1/auth/login", headers={"Origin": "https://evil.example"},
                             json={"email": "nobody@example.org", "password": "x" * 12})
    assert "access-control-allow-origin" not in cross_site.headers


CREDENTIAL_NAMES = re.compile(r"token|password|secret|api[_-]?key|auth|session|jwt", re.IGNORECASE)


def test_no_route_takes_a_credential_in_its_url(app):
    """Query strings end up in access logs, proxies and browser history: credentials go in headers only."""
    offenders = []
    for path, route in api_routes(app):
        names = [p.alias for p in route.dependant.query_params] + [p.alias for p in route.dependant.path_params]
        names += [p.alias for dep in route.dependant.dependencies for p in dep.query_params]
        offenders += [f"{path} ?{name}" for name in names if CREDENTIAL_NAMES.search(name)]
    assert offenders == []


def test_a_token_in_the_url_is_not_accepted(client, users, session):
    token = users.token(users.make(Role.admin))
    session.commit()  # a refused request rolls back what is not committed
    for parameter in ("token", "access_token", "api_key"):
        response = client.get(f"/api/v1/me?{parameter}={token}")
        assert response.status_code == 401, parameter
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_pwa_sends_its_token_only_in_the_authorization_header():
    sources = {p.name: p.read_text("utf-8") for p in (ROOT / "pwa").rglob("*.js")}
    for name, source in sources.items():
        assert not re.search(r"[?&](access_)?token=", source), name
        assert "searchParams.set(\"token\"" not in source, name
    assert "Authorization: `Bearer ${session.token}`" in sources["api.js"]


# -- the login throttle ----------------------------------------------------------------------------------

def login(client, email: str, password: str):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_the_login_throttle_locks_an_account_after_the_configured_failures(client, users, session):
    settings = get_settings()
    user = users.make(Role.tester)
    for attempt in range(settings.login_max_failures):
        assert login(client, user.email, f"wrong-password-{attempt}").status_code == 401
    locked = login(client, user.email.upper(), PASSWORD)
    assert locked.status_code == 429, "the right password is refused too while the account is locked"
    assert locked.json()["code"] == "login_locked"
    assert 0 < int(locked.headers["retry-after"]) <= settings.login_lockout_seconds + 1
    assert "access_token" not in locked.text
    other = users.make(Role.tester)
    assert login(client, other.email, PASSWORD).status_code == 200, "other accounts are not affected"
    throttle = session.get(LoginThrottle, user.email)
    throttle.locked_until = utcnow() - timedelta(seconds=1)
    session.add(throttle)
    session.flush()
    assert login(client, user.email, PASSWORD).status_code == 200, "the lock ends after the lockout period"


def test_unknown_accounts_are_throttled_like_real_ones(client):
    """The same answers for a made-up e-mail: the throttle tells no one which accounts exist."""
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    answers = [login(client, email, "wrong-password-x").status_code for _ in range(get_settings().login_max_failures)]
    assert answers == [401] * get_settings().login_max_failures
    assert login(client, email, "wrong-password-x").status_code == 429


# -- logs of the real server -----------------------------------------------------------------------------

@pytest.mark.e2e
def test_neither_tokens_nor_passwords_reach_the_server_log(live_field):
    http, field = live_field.http, live_field.field
    email = field.testers[1].email
    wrong = f"wrong-{uuid.uuid4().hex}"
    assert http.post("/api/v1/auth/login", json={"email": email, "password": wrong}).status_code == 401
    refused = http.post("/api/v1/auth/login", json={"email": email, "password": [wrong]})
    assert refused.status_code == 422 and wrong not in refused.text, "a refused body is not echoed"
    answer = http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200
    token = answer.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert http.get("/api/v1/me", headers=headers).status_code == 200
    assert http.get("/api/v1/me/assignments", headers=headers).status_code == 200
    assert http.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert http.get("/api/v1/me", headers=headers).status_code == 401
    output = live_field.log.read_text("utf-8", errors="replace")
    assert '"POST /api/v1/auth/login HTTP/1.1" 200' in output, "the access log is on"
    for secret in (token, PASSWORD, wrong, *(tester.token for tester in field.testers), field.admin_token):
        assert secret not in output


# -- the CSP in a real browser ---------------------------------------------------------------------------

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.mark.e2e
@pytest.mark.skipif(not SHELL_EXISTS, reason="no PWA shell yet")
def test_the_pwa_runs_under_its_csp_without_a_violation(browser, live_field):
    live, field = live_field.live, live_field.field
    context = browser.new_context(**PHONE)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(VIOLATIONS)
    try:
        response = page.goto(f"{live.url}/")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        page.fill("#login-email", field.testers[1].email)
        page.fill("#login-password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"#/assignments"), timeout=15_000)
        page.wait_for_load_state("networkidle")
        page.reload()
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        reported = [m for m in messages if "Content Security Policy" in m]
        # The control: an inline script is refused, and the listener sees it.
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'x = 1'; "
                      "document.body.append(s); }")
        page.wait_for_function("window.__cspViolations.length > 0", timeout=5_000)
    finally:
        context.close()
    assert violations == [] and reported == []
