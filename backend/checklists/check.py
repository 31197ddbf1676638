"""`fieldcheck check FILE...`: validate template files and say what to fix, line by line."""

from __future__ import annotations

from pathlib import Path

from backend.checklists.loader import validate_template
from backend.checklists.source import MAX_BYTES

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def check_files(paths: list[Path]) -> tuple[int, list[str]]:
    """Exit code (0 all valid, 1 problems found, 2 a file unreadable) and lines `file:line: path: message`."""
    lines: list[str] = []
    code = EXIT_VALID
    for path in paths:
        try:
            with path.open("rb") as file:
                source = file.read(MAX_BYTES + 1)  # enough to know it is too large, never more
        except OSError as error:
            lines.append(f"{path}: cannot read the file: {error.strerror or error}.")
            code = EXIT_UNREADABLE
            continue
        fmt = "json" if path.suffix.lower() == ".json" else "yaml"
        issues = validate_template(source, filename=str(path), format=fmt)
        lines.extend(str(issue) for issue in issues)
        if issues:
            code = max(code, EXIT_INVALID)
    lines.append(f"{len(paths)} file(s) checked, {len(lines) or 'no'} problem(s).")
    return code, lines
