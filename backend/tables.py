"""Reading a spreadsheet's CSV: the one reader behind every upload of rows (locations, assignments). Pure.

UTF-8 with or without BOM, comma, semicolon or tab delimited. Every problem names its spreadsheet row (the
header is row 1) and the column as the file spells it, so the same file gets the same row numbers everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

MAX_ERRORS = 200


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


def decode(data: bytes) -> str:
    """The file as text, or a CsvImportError naming the line that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvImportError([RowError(line, "", "The file is not UTF-8 text: in Excel save it as "
                                                 "'CSV UTF-8 (comma delimited)'.")]) from exc


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def records(text: str) -> Iterator[tuple[int, list[str]]]:
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


def header_of(rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    """The first record, which names the columns; a CsvImportError when the file is empty."""
    _, header = next(rows, (1, []))
    if not any(cell.strip() for cell in header):
        raise CsvImportError([RowError(1, "", "The file is empty: the first row must name the columns.")])
    return header


def header_columns(header: Sequence[str], *, aliases: Mapping[str, str], known: Sequence[str],
                   required: Sequence[str]) -> dict[str, int]:
    """field -> cell index, or a CsvImportError naming every header problem (row 1)."""
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        key = " ".join(title.strip().lower().split())
        if not key:
            continue
        field = aliases.get(key) or aliases.get(key.replace(" ", "_"))
        if field is None:
            errors.append(RowError(1, title.strip(), f"Unknown column; the known ones are {', '.join(known)}."))
        elif field in columns:
            errors.append(RowError(1, title.strip(), f"A second column for {field}: "
                                                     f"{header[columns[field]].strip()!r} is one already."))
        else:
            columns[field] = index
    errors += [RowError(1, field, f"The column {field} is missing.") for field in required if field not in columns]
    if errors:
        raise CsvImportError(errors)
    return columns


def data_rows(rows: Iterator[tuple[int, list[str]]], *, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """The records below the header that have a value, at most `max_rows` of them (else CsvTooLarge)."""
    count = 0
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > max_rows:
            raise CsvTooLarge(f"An import may hold at most {max_rows} rows; split the file.")
        yield number, cells
