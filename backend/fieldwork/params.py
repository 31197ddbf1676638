"""Path and query parameters of the set-up routes: ids within the 32-bit columns, pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from backend.fieldwork.fields import MAX_ID


Limit = Annotated[int, Query(ge=1, le=500)]


Offset = Annotated[int, Query(ge=0, le=MAX_ID)]


# Ids beyond the 32-bit columns are refused as input errors before they reach the database.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


FilterId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
