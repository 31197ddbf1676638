"""The request's unit of work: the one place a request's transaction commits (or rolls back)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends
from fastapi.routing import APIRoute
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.config import Settings, get_settings
from backend.db import get_engine
from backend.errors import AppError


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """A request's transaction: committed at the end, rolled back on any error; a unique or foreign key
    violation that no service caught is a conflict with data stored meanwhile."""
    try:
        yield session
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise AppError(409, "conflict", "The change conflicts with data stored meanwhile; retry.") from exc
    except BaseException:
        session.rollback()
        raise


class UnitOfWorkRoute(APIRoute):
    """A route whose sync endpoint commits its session in its own thread, as it returns.

    FastAPI would commit later, after validating the response in another pool thread: a request holding
    SQLite's write lock would then wait for a thread while every thread waits for that lock.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _committing(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for value in kwargs.values():
            if isinstance(value, Session):
                value.commit()
        return result

    return run


def get_session() -> Iterator[Session]:
    """One transaction per request: committed before the response is sent, rolled back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session, unit_of_work(session):
        yield session


# scope="function" runs the commit before the response goes out, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
