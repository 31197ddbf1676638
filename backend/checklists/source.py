"""Read template text safely (size, encoding, YAML or JSON) and remember the line of every node."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backend.checklists.issues import Path, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_ALIASES = 100
MAX_NODES = 200_000
"""Limits far above any real template; they stop hostile input before it costs time or memory."""

_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")
)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Source:
    """Plain data parsed from a template, with the line of each path (a key's line for mapping entries)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)


class SourceRefused(Exception):
    """The text cannot be read as a template at all; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def decode(source: str | bytes) -> str:
    """Check size and encoding, and return the text."""
    if isinstance(source, str):
        try:
            raw = source.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _refuse("not_utf8", _NOT_UTF8, source.count("\n", 0, error.start) + 1) from None
    else:
        raw = source
    if len(raw) > MAX_BYTES:
        raise _refuse(
            "too_large",
            f"The file is larger than {MAX_BYTES:,} bytes, the most a template may have. Shorten it.",
            1,
        )
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse("not_utf8", _NOT_UTF8, raw.count(b"\n", 0, error.start) + 1) from None


def parse_yaml(text: str) -> Source:
    """Parse YAML safely: standard tags only, no merge keys, duplicate keys refused, limits enforced."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise _refuse("not_yaml", f"The file contains the control character #x{error.character:04x}. Remove it.", line) from None
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else None
            problem = error.problem or error.context
            # The commonest slip: a question mark or colon in an unquoted text inside {...}.
            slip = "'?'" in str(problem) or "mapping values are not allowed" in str(problem)
            hint = " Put texts containing ? or : in quotes." if slip else ""
            raise _refuse("not_yaml", f"This is not valid YAML: {problem}. Fix the syntax.{hint}", line) from None
        except yaml.YAMLError as error:
            raise _refuse("not_yaml", f"This is not valid YAML: {error}. Fix the syntax.", None) from None
    finally:
        loader.dispose()
    if root is None:
        return Source(data=None, lines={(): 1})
    _measure(root, 1, {}, set())
    walk = _Walk(loader)
    data = walk.value(root, ())
    if walk.problems:
        raise SourceRefused(walk.problems)
    return Source(data=data, lines=walk.lines)


def parse_json(text: str) -> Source:
    """Parse JSON; lines come from reading the same text as YAML (JSON is YAML), where that works."""
    deep_line = _json_too_deep(text)
    if deep_line is not None:
        raise _refuse("too_deep", _TOO_DEEP, deep_line)
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise _refuse("not_json", f"This is not valid JSON: {error.msg} (column {error.colno}). Fix the syntax.",
                      error.lineno) from None
    except ValueError as error:
        raise _refuse("not_json", f"This is not valid JSON: {error}. Use a finite number.", None) from None
    try:
        # JSON strings hold no raw tabs, so tabs are indentation, which YAML refuses: make them spaces.
        as_yaml = parse_yaml(text.replace("\t", " "))
        lines, yaml_problems = as_yaml.lines, []
    except SourceRefused as refused:
        lines, yaml_problems = {}, refused.problems
    if duplicates:
        located = [problem for problem in yaml_problems if problem.code == "duplicate_key"]
        raise SourceRefused(located or [Problem((), "duplicate_key", _duplicate_message(duplicates[0]))])
    return Source(data=data, lines=lines)


class _Loader(yaml.SafeLoader):
    """A safe composer that counts aliases and nesting while it builds the node tree."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _refuse(
                    "too_many_aliases",
                    f"The file uses more than {MAX_ALIASES} aliases (*name). Write the values out instead.",
                    line,
                )
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _refuse("too_deep", _TOO_DEEP, line)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _measure(node: Node, depth: int, known: dict[int, tuple[int, int]], open_nodes: set[int]) -> tuple[int, int]:
    """Size and height of the tree once aliases are expanded, found without expanding: refuses bombs and loops."""
    line = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        if depth > MAX_DEPTH:
            raise _refuse("too_deep", _TOO_DEEP, line)
        return 1, 1
    if id(node) in known:  # an alias to a node already measured
        size, height = known[id(node)]
        if depth + height - 1 > MAX_DEPTH:
            raise _refuse("too_deep", _TOO_DEEP, line)
        return size, height
    if id(node) in open_nodes:
        raise _refuse("recursive_alias", "An alias (*name) refers to a value that contains it. Remove it.", line)
    if depth > MAX_DEPTH:
        raise _refuse("too_deep", _TOO_DEEP, line)
    open_nodes.add(id(node))
    children = node.value if isinstance(node, SequenceNode) else [value for _, value in node.value]
    size, height = 1, 1
    for child in children:
        child_size, child_height = _measure(child, depth + 1, known, open_nodes)
        size, height = size + child_size, max(height, child_height + 1)
        if size > MAX_NODES:
            raise _refuse(
                "alias_expansion",
                f"The file expands to more than {MAX_NODES:,} values, likely through aliases. Write it out plainly.",
                line,
            )
    open_nodes.discard(id(node))
    known[id(node)] = size, height
    return size, height


class _Walk:
    """Turns the node tree, checked by _measure, into plain data, noting lines and refusing what a template never needs."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []

    def value(self, node: Node, path: Path) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            self.expect_tag(node, _SEQ_TAG, path)
            return [self.value(child, (*path, index)) for index, child in enumerate(node.value)]
        self.expect_tag(node, _MAP_TAG, path)
        return self.mapping(node, path)

    def mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                self.problems.append(Problem(path, "merge_key", "Merge keys (<<) are not supported. Write the keys out.", line))
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem(path, "invalid_key", "Use a plain name as a key, not a list or mapping.", line))
                continue
            # Keys are names: `no:` or `1:` stay the text written, never a boolean or a number.
            key = key_node.value
            if key in result:
                self.problems.append(Problem((*path, key), "duplicate_key", _duplicate_message(key), line))
                continue
            self.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key))
        return result

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            self.expect_tag(node, "", path)
            return None
        return self.loader.construct_object(node)

    def expect_tag(self, node: Node, tag: str, path: Path) -> None:
        if node.tag != tag:
            self.problems.append(
                Problem(path, "unsupported_tag", f"The YAML tag {node.tag} is not supported. Remove it.",
                        node.start_mark.line + 1)
            )


def _json_too_deep(text: str) -> int | None:
    """The line where brackets nest deeper than allowed, so json never recurses that far."""
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if escaped:
            escaped = False
        elif in_string:
            escaped = char == "\\"
            in_string = char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
    return None


def _duplicate_message(key: str) -> str:
    return f"The key {key!r} appears twice in the same mapping. Keep one."


def _refuse(code: str, message: str, line: int | None) -> SourceRefused:
    return SourceRefused([Problem((), code, message, line)])


_NOT_UTF8 = "The file is not UTF-8 text. Save it as UTF-8."
_TOO_DEEP = f"Values nest more than {MAX_DEPTH} levels deep. Flatten the structure."
