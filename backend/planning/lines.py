"""Assignments from a spreadsheet's CSV: pure parsing, every problem reported with its row and column."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from backend.projects.csv_import import CsvImportError, CsvTooLarge, RowError

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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvImportError([RowError(data.count(b"\n", 0, exc.start) + 1, "",
                                       "The file is not UTF-8 text: in Excel save it as 'CSV UTF-8'.")]) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count) if any(d in first_line for d in ";,\t") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CsvImportError([RowError(0, "", f"The file cannot be read as CSV: {exc}.")]) from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise CsvImportError([RowError(1, "", "The file is empty: the first row must name the columns.")])
    header = records[0]
    columns = _columns(header)
    titles = {field: header[index].strip() for field, index in columns.items()}
    lines: list[AssignmentLine] = []
    errors: list[RowError] = []
    data_rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    if len(data_rows) > max_rows:
        raise CsvTooLarge(f"An import may hold at most {max_rows} rows; split the file.")
    for number, cells in data_rows:
        line, problems = _line(number, cells, columns, titles)
        errors.extend(problems)
        if line is not None:
            lines.append(line)
    if errors:
        raise CsvImportError(errors)
    if not lines:
        raise CsvImportError([RowError(2, "", "The file has no assignments below its header row.")])
    return lines


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        key = " ".join(title.strip().lower().split())
        if not key:
            continue
        field = ALIASES.get(key) or ALIASES.get(key.replace(" ", "_"))
        if field is None:
            errors.append(RowError(1, title.strip(), f"Unknown column; the known ones are {', '.join(COLUMNS)}."))
        elif field in columns:
            errors.append(RowError(1, title.strip(), f"A second column for {field}."))
        else:
            columns[field] = index
    errors += [RowError(1, field, f"The column {field} is missing.") for field in REQUIRED if field not in columns]
    if errors:
        raise CsvImportError(errors)
    return columns


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
