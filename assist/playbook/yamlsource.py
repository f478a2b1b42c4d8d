"""Safe YAML reading that keeps where every value came from (file, line, column).

Every problem becomes a PlaybookError with a one-line message pointing at the place to fix,
whichever YAML parser (libyaml or pure Python) is installed.
"""

from __future__ import annotations

from assist.errors import Location, PlaybookError
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib: the reply checks read the cache without it
    from pathlib import Path
    from typing import Any

Path_ = tuple[object, ...]

_STR = "tag:yaml.org,2002:str"
MAX_NODES = 200_000
MAX_DEPTH = 64  # levels of nesting; a playbook needs about six (deeper: one error line)
"""Upper bound on values in one file, so alias bombs cannot exhaust memory."""


@record
class Document:
    """Plain data of one YAML file plus the location of every mapping key and value."""

    file: str
    data: Any
    marks: dict[Path_, Location]

    def where(self, path: Path_) -> Location:
        """Location of the value at `path`, or of its nearest ancestor that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Location(self.file, 1, 1))


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one YAML file with the safe loader; raise PlaybookError on any problem."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlaybookError(Location(name, 1, 1), f"cannot read file: {reason}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, exc, name) from None
    return parse_document(text, name)


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, name: str) -> PlaybookError:
    """Point at the first byte that is not UTF-8 (line and character column)."""
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw[: exc.start].count(b"\n") + 1
    column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
    return PlaybookError(Location(name, line, column), message)


def parse_document(text: str, name: str) -> Document:
    """Parse YAML text into a Document; malformed YAML raises PlaybookError."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise PlaybookError(Location(name, 1, 1), f"invalid YAML: {message}") from None
    if node is None:
        return Document(name, None, {})
    builder = _Builder(name)
    return Document(name, builder.build(node, ()), builder.marks)


def _reader_error(exc: Any, text: str, name: str) -> PlaybookError:
    """A character YAML does not allow (control characters and the like)."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
    message = f"invalid YAML: character U+{ord(char):04X} is not allowed in a YAML file"
    return PlaybookError(Location(name, line, column), message)


# (context contains, problem contains, point at, message): first match wins.
# Fragments occur in both libyaml's and PyYAML's wording.
_SYNTAX_HINTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "quoted scalar",
        "end of stream",
        "context",
        "unclosed quote: the string that starts here has no closing {quote}",
    ),
    (
        "quoted scalar",
        "escape",
        "problem",
        "unknown escape after '\\' in a double-quoted string; use single quotes instead",
    ),
    (
        "flow sequence",
        "",
        "problem",
        "missing ',' or ']' in the [...] list that starts at line {context_line}",
    ),
    (
        "flow mapping",
        "",
        "problem",
        "missing ',' or '}}' in the {{...}} mapping that starts at line {context_line}",
    ),
    (
        "",
        "mapping values are not allowed",
        "problem",
        "unexpected ':'; put text containing ': ' in quotes, or fix the indentation",
    ),
    (
        "single document",
        "",
        "problem",
        "a second YAML document ('---'); a playbook file holds one document",
    ),
    (
        "alias",
        "",
        "context",
        "'*' starts a YAML alias; put text that starts with '*' in quotes",
    ),
    (
        "",
        "alias",
        "problem",
        "'*' starts a YAML alias; put text that starts with '*' in quotes",
    ),
    (
        "",
        "cannot start any token",
        "problem",
        "{char!r} cannot start a value; put the text in quotes",
    ),
    (
        "block",
        "",
        "problem",
        "bad indentation: this line does not line up with the lines above it",
    ),
)


def _syntax_error(exc: Any, text: str, name: str) -> PlaybookError:
    """Turn a parser error into a one-line message that says what to fix."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines() or [""]
    found = _tab_problem(lines, line, col)
    if found is None and "quoted scalar" not in context:
        found = _quote_problem(lines, line, col)
    if found is not None:
        line, col, message = found
        return PlaybookError(Location(name, line, col), f"invalid YAML: {message}")
    for in_context, in_problem, target, template in _SYNTAX_HINTS:
        if in_context in context and in_problem in problem:
            if target == "context" and exc.context_mark is not None:
                line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
            message = template.format(
                quote=_char_at(lines, line, col) or "quote",
                char=_char_at(lines, line, col),
                context_line=exc.context_mark.line + 1 if exc.context_mark else line,
            )
            return PlaybookError(Location(name, line, col), f"invalid YAML: {message}")
    message = " ".join((problem or context or "malformed YAML").split())
    return PlaybookError(Location(name, line, col), f"invalid YAML: {message}")


def _char_at(lines: list[str], line: int, col: int) -> str:
    """The character at a 1-based position, or '' past the end."""
    if not 1 <= line <= len(lines) or not 1 <= col <= len(lines[line - 1]):
        return ""
    return lines[line - 1][col - 1]


def _tab_problem(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """A tab at or in the indentation of the error line: the usual cause of the error."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    indent = text[: len(text) - len(text.lstrip(" \t-"))]
    if "\t" in indent:
        return line, indent.index("\t") + 1, "tab character in indentation; indent with spaces"
    if _char_at(lines, line, col) == "\t":
        return line, col, "tab character where YAML needs a space"
    return None


def _quote_problem(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """Explain an error at text that directly follows a closing quote.

    Three cases: an apostrophe inside a '...' string (`'I don't know'`), a string whose
    opening quote is on an earlier line and was never closed there, and text after a
    properly quoted value.
    """
    if not 1 <= line <= len(lines) or col < 2 or not _char_at(lines, line, col).strip():
        return None
    before = lines[line - 1][: col - 1]
    stripped = before.rstrip()
    if not stripped.endswith(("'", '"')):
        return None
    quote = stripped[-1]
    if stripped.count(quote) % 2:
        return _unclosed_above(lines, line, quote)
    if quote == "'" and stripped == before and len(stripped) > 1 and stripped[-2].isalnum():
        return line, col, "an apostrophe ended a '...' string early; write it as '' or use \"...\""
    return line, col, "text after a closing quote; put the whole value in quotes"


def _unclosed_above(lines: list[str], line: int, quote: str) -> tuple[int, int, str]:
    """Point at the opening quote, on an earlier line, of a string that ran on too far."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.count(quote) % 2:
            message = f"unclosed quote: no closing {quote} before line {line}"
            return number, text.rindex(quote) + 1, message
    return line, 1, f"unclosed quote: a {quote} string runs on to here"


class _Builder:
    """Turns composed nodes into plain data, recording each value's location."""

    def __init__(self, name: str) -> None:
        import yaml

        self.name = name
        self.marks: dict[Path_, Location] = {}
        self.constructor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()
        self.count = 0
        self.scalar_node, self.mapping_node = yaml.ScalarNode, yaml.MappingNode

    def loc(self, node: Any) -> Location:
        """Where a node starts (1-based)."""
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Any, path: Path_) -> Any:
        """Plain data for `node`; record its location under `path`."""
        self.count += 1
        if self.count > MAX_NODES:
            raise PlaybookError(self.loc(node), f"too many values (over {MAX_NODES:,})")
        if id(node) in self.active:
            raise PlaybookError(self.loc(node), "an alias refers to a value that contains it")
        if len(path) > MAX_DEPTH:  # before Python's own recursion limit is near
            raise PlaybookError(self.loc(node), f"nested too deeply (over {MAX_DEPTH} levels)")
        self.marks[path] = self.loc(node)
        if isinstance(node, self.scalar_node):
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, self.mapping_node):
                return self.mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def mapping(self, node: Any, path: Path_) -> dict[Any, Any]:
        """A dict; a repeated key is an error pointing at its second occurrence."""
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key in result:
                first = self.marks[(*path, key, "<key>")]
                message = f"duplicate key '{key}' (first at line {first.line})"
                raise PlaybookError(self.loc(key_node), message)
            self.marks[(*path, key, "<key>")] = self.loc(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def key(self, node: Any) -> Any:
        """A mapping key: plain scalars only (no lists, mappings or '<<' merges)."""
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise PlaybookError(self.loc(node), "a mapping key must be a plain value")
        if node.tag == "tag:yaml.org,2002:merge":
            raise PlaybookError(self.loc(node), "'<<' merge keys are not supported")
        return self.scalar(node)

    def scalar(self, node: Any) -> Any:
        """str, int, float, bool, None or date, as the safe loader resolves it."""
        if node.tag == _STR:  # what the safe constructor gives for a string: its value
            return node.value
        import yaml

        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            message = f"invalid value: {' '.join(problem.split())}; put it in quotes"
            raise PlaybookError(self.loc(node), message) from None
        finally:
            self.constructor.constructed_objects.clear()
