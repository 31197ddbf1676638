"""Locations from a spreadsheet's CSV: pure parsing and checking, every problem reported with its row and column."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pydantic import ValidationError

from backend.fieldwork.fields import LOCATION_KINDS
from backend.projects.schemas import LocationFields

MAX_ROWS = 20_000
MAX_ERRORS = 200
REQUIRED = ("code", "name", "kind")
FIELDS = tuple(LocationFields.model_fields)
# Header spellings, compared lower-cased: the field names and what German spreadsheets call them.
ALIASES: dict[str, str] = {
    **{field: field for field in FIELDS},
    "postal code": "postal_code", "zip": "postal_code", "lat": "latitude", "lng": "longitude", "lon": "longitude",
    "kennung": "code", "nummer": "code", "filialnummer": "code", "bezeichnung": "name",
    "art": "kind", "typ": "kind", "straße": "street", "strasse": "street", "plz": "postal_code",
    "postleitzahl": "postal_code", "ort": "city", "stadt": "city", "land": "country",
    "breitengrad": "latitude", "breite": "latitude", "längengrad": "longitude", "laengengrad": "longitude",
    "länge": "longitude", "telefon": "phone", "telefonnummer": "phone", "webseite": "url", "website": "url",
    "zeitzone": "time_zone", "timezone": "time_zone",
}
KIND_ALIASES: dict[str, str] = {
    **{kind: kind for kind in LOCATION_KINDS},
    "geschäft": "store", "laden": "store", "filiale": "branch", "webseite": "website",
}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (the header is row 1), the column as the file names it, and what is wrong."""

    row: int
    column: str
    message: str


class CsvImportError(Exception):
    """The file cannot be imported; nothing of it may be stored."""

    def __init__(self, errors: list[RowError], *, error_count: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS]
        self.error_count = error_count if error_count is not None else len(errors)
        super().__init__(f"{self.error_count} problem(s) in the CSV file")


class CsvTooLarge(Exception):
    """More data rows than one import may hold."""


def parse_locations(data: bytes, *, max_rows: int = MAX_ROWS) -> list[LocationFields]:
    """The locations of a CSV file (UTF-8 with or without BOM, comma, semicolon or tab delimited), all or none."""
    text = _decode(data)
    rows = _records(text)
    _, header = next(rows, (1, []))
    if not any(cell.strip() for cell in header):
        raise CsvImportError([RowError(1, "", "The file is empty: the first row must name the columns.")])
    columns = _columns(header)
    locations: list[LocationFields] = []
    errors: list[RowError] = []
    first_row_of_code: dict[str, int] = {}
    data_rows = 0
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise CsvTooLarge(f"An import may hold at most {max_rows} rows; split the file.")
        location, problems = _location(number, cells, header, columns)
        errors.extend(problems)
        if location is None:
            continue
        if (first := first_row_of_code.get(location.code)) is not None:
            errors.append(RowError(number, header[columns["code"]].strip(),
                                   f"The code {location.code!r} is already used in row {first}."))
            continue
        first_row_of_code[location.code] = number
        locations.append(location)
    if errors:
        raise CsvImportError(errors)
    return locations


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvImportError([RowError(line, "", "The file is not UTF-8 text: in Excel save it as "
                                                 "'CSV UTF-8 (comma delimited)'.")]) from exc


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def _records(text: str):
    """(spreadsheet row number, cells) for every record; the header is row 1."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]), strict=True)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvImportError([RowError(number + 1, "", f"The row cannot be read as CSV: {exc}.")]) from exc
        number += 1
        yield number, cells


def _columns(header: list[str]) -> dict[str, int]:
    """field -> cell index, or a CsvImportError naming every header problem."""
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        key = " ".join(title.strip().lower().split())
        if not key:
            continue
        field = ALIASES.get(key) or ALIASES.get(key.replace(" ", "_"))
        if field is None:
            errors.append(RowError(1, title.strip(), f"Unknown column; the known ones are {', '.join(FIELDS)}."))
        elif field in columns:
            errors.append(RowError(1, title.strip(), f"A second column for {field}: "
                                                     f"{header[columns[field]].strip()!r} is one already."))
        else:
            columns[field] = index
    errors += [RowError(1, field, f"The column {field} is missing.") for field in REQUIRED if field not in columns]
    if errors:
        raise CsvImportError(errors)
    return columns


def _location(number: int, cells: list[str], header: list[str],
              columns: dict[str, int]) -> tuple[LocationFields | None, list[RowError]]:
    stray = [index for index, cell in enumerate(cells)
             if cell.strip() and (index >= len(header) or not header[index].strip())]
    if stray:
        return None, [RowError(number, "", f"Cell {stray[0] + 1} has a value but no column title "
                                           f"(the header has {len(header)} columns).")]
    values: dict[str, str | None] = {}
    for field, index in columns.items():
        cell = cells[index].strip() if index < len(cells) else ""
        if cell:
            values[field] = _normalised(field, cell)
        elif field not in REQUIRED:
            values[field] = None  # an empty cell clears the value on re-import; a missing column keeps it
    try:
        return LocationFields.model_validate(values), []
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            column = header[columns[field]].strip() if field in columns else field
            message = "Fill in this cell." if error["type"] == "missing" else error["msg"]
            errors.append(RowError(number, column, message))
        return None, errors


def _normalised(field: str, cell: str) -> str:
    cell = _LINE_BREAKS.sub(" ", cell)  # Alt+Enter in an Excel cell; the fields themselves are single lines
    if field in ("latitude", "longitude") and _DECIMAL_COMMA.match(cell):
        return cell.replace(",", ".")  # German Excel writes 52,52
    if field == "kind":
        return KIND_ALIASES.get(cell.lower(), cell)
    return cell
