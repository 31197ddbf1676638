"""HEAD is GET without the body (RFC 9110, 9.3.2), for every route at once: uptime monitors and link
checkers send it. The app answers the GET; only its status and headers go out, Content-Length included.

One middleware instead of HEAD on each route: the OpenAPI document lists no HEAD twins of the GET
operations, and no route can forget it. The app sees a GET, so the request reads only (SafeMethodsReadOnly)
exactly as the GET does.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Messages that carry a response body: the plain one, and the servers' file-sending extensions.
_BODY_MESSAGES = frozenset({"http.response.body", "http.response.pathsend", "http.response.zerocopysend"})


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] not in _BODY_MESSAGES:
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
