"""Assignments from a spreadsheet's CSV: pure parsing, every problem reported with its row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from backend.tables import CsvImportError, RowError, data_rows, decode, header_columns, header_of, records

MAX_ROWS = 5_000
COLUMNS = ("location_code", "persona", "tester_email", "window_start", "window_end", "wave")
REQUIRED = ("location_code", "persona", "tester_email", "window_start", "window_end")
# Header spellings, compared lower-cased: the field names and what German spreadsheets call them.
ALIASES: dict[str, str] = {
    **{column: column for column in COLUMNS},
    "location": "location_code", "code": "location_code", "standort": "location_code", "filiale": "location_code",
    "kennung": "location_code", "tester": "tester_email", "email": "tester_email", "e-mail": "tester_email",
    "tester e-mail": "tester_email", "start": "window_start", "von": "window_start", "beginn": "window_start",
    "end": "window_end", "bis": "window_end", "ende": "window_end", "welle": "wave",
}
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class AssignmentLine:
    """One data row of the file, checked for form only; the database decides whether its names exist."""

    row: int
    location_code: str
    persona: str
    tester_email: str
    window_start: date
    window_end: date
    wave: str | None
    headers: dict[str, str]
    """field -> the column title as the file spells it, for error messages."""


def parse_assignment_lines(data: bytes, *, max_rows: int = MAX_ROWS) -> list[AssignmentLine]:
    """The rows of an assignments CSV (UTF-8, comma, semicolon or tab delimited), all or none."""
    rows = records(decode(data))
    header = header_of(rows)
    columns = header_columns(header, aliases=ALIASES, known=COLUMNS, required=REQUIRED)
    titles = {field: header[index].strip() for field, index in columns.items()}
    lines: list[AssignmentLine] = []
    errors: list[RowError] = []
    for number, cells in data_rows(rows, max_rows=max_rows):
        line, problems = _line(number, cells, columns, titles)
        errors.extend(problems)
        if line is not None:
            lines.append(line)
    if errors:
        raise CsvImportError(errors)
    if not lines:
        raise CsvImportError([RowError(2, "", "The file has no assignments below its header row.")])
    return lines


def _line(number: int, cells: list[str], columns: dict[str, int],
          titles: dict[str, str]) -> tuple[AssignmentLine | None, list[RowError]]:
    values = {field: (cells[index].strip() if index < len(cells) else "") for field, index in columns.items()}
    errors = [RowError(number, titles[field], "Fill in this cell.") for field in REQUIRED if not values[field]]
    if values["tester_email"] and not _EMAIL.match(values["tester_email"]):
        errors.append(RowError(number, titles["tester_email"], "Write the tester's e-mail address."))
    dates: dict[str, date] = {}
    for field in ("window_start", "window_end"):
        if values[field]:
            parsed = parse_date(values[field])
            if parsed is None:
                errors.append(RowError(number, titles[field], "Write the date as YYYY-MM-DD or DD.MM.YYYY."))
            else:
                dates[field] = parsed
    if len(dates) == 2 and dates["window_end"] < dates["window_start"]:
        errors.append(RowError(number, titles["window_end"], "The window cannot end before it starts."))
    if errors:
        return None, errors
    return AssignmentLine(
        row=number, location_code=values["location_code"], persona=values["persona"],
        tester_email=values["tester_email"].lower(), window_start=dates["window_start"],
        window_end=dates["window_end"], wave=values.get("wave") or None, headers=titles), []


def parse_date(text: str) -> date | None:
    """An ISO date or a German one (31.12.2026); None for anything else."""
    german = _GERMAN_DATE.match(text)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return date(year, month, day)
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
