"""Locations from a spreadsheet's CSV: pure parsing and checking, every problem reported with its row and column."""

from __future__ import annotations

import re

from pydantic import ValidationError

from backend.fieldwork.fields import LOCATION_KINDS
from backend.projects.schemas import LocationFields
from backend.tables import CsvImportError, RowError, data_rows, decode, header_columns, header_of, records

MAX_ROWS = 20_000
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


def parse_locations(data: bytes, *, max_rows: int = MAX_ROWS) -> list[LocationFields]:
    """The locations of a CSV file (UTF-8 with or without BOM, comma, semicolon or tab delimited), all or none."""
    rows = records(decode(data))
    header = header_of(rows)
    columns = header_columns(header, aliases=ALIASES, known=FIELDS, required=REQUIRED)
    locations: list[LocationFields] = []
    errors: list[RowError] = []
    first_row_of_code: dict[str, int] = {}
    for number, cells in data_rows(rows, max_rows=max_rows):
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
