"""Request body limits enforced while the bytes arrive, answered as problem details on a closed connection.

FastAPI's own `max_body_size` answers 413 as text/plain and leaves the connection open, so uvicorn keeps
draining a body that never ends. Here the 413 says `Connection: close`, which makes uvicorn hang up.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import problem_response


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a body passes its limit; an HTTPException, so FastAPI's body parsing passes it on
    to the problem-details handler instead of turning it into a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the {limit} bytes this path takes.")
        self.limit = limit


def _refusal(limit: int):
    return problem_response(413, "payload_too_large", BodyTooLarge(limit).detail, headers={"Connection": "close"})


class BodyLimitMiddleware:
    """Refuses a declared Content-Length over the path's limit unread; counts streamed bodies as they come."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refusal(limit)(scope, receive, send)
            return

        received = 0
        tripped = False
        response_started = False

        async def counted_receive() -> Message:
            nonlocal received, tripped
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    tripped = True
                    raise BodyTooLarge(limit)
            return message

        async def closing_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                if tripped:
                    # The rest of the body is never read: only closing the connection stops the client.
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                    message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        try:
            await self.app(scope, counted_receive, closing_send)
        except BodyTooLarge:
            if response_started:
                raise
            await _refusal(limit)(scope, receive, send)
