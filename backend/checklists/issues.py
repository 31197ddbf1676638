"""What is wrong with a template: issues with file, line, path and a sentence saying what to fix."""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class TemplateIssue:
    """One problem in a template file, located by line and by path."""

    file: str
    line: int | None
    path: str
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class TemplateInvalid(ValueError):
    """A template was refused; `issues` lists every problem found."""

    def __init__(self, issues: list[TemplateIssue]) -> None:
        super().__init__(f"{len(issues)} problem(s) in the template, first: {issues[0]}" if issues else "invalid")
        self.issues = issues


@dataclass(frozen=True)
class Problem:
    """An issue before it knows its file; `line` is set only when the parser knew it directly."""

    path: Path
    code: str
    message: str
    line: int | None = None


def format_path(path: Path) -> str:
    """`("sections", 2, "questions", 0, "id")` -> `sections[2].questions[0].id`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
