"""Security headers on every response; the CSP is one the PWA passes (no inline script)."""

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
from backend.api_docs import DOCS_CONTENT_SECURITY_POLICY

# Swagger UI at /docs starts from an inline script; its files come from this server.
DOCS_PATH = "/docs"


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        docs = request.url.path == DOCS_PATH or request.url.path.startswith(DOCS_PATH + "/")
        headers.setdefault("Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY)
        if request.url.path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        return response
