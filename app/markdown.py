"""A small, safe Markdown subset for the strategy's narrative, read once and written as HTML or to Word.

What it reads: paragraphs (separated by a blank line), headings (``## `` and ``### ``, shown one level below
the section's own heading), bulleted lists (``- `` or ``* ``), numbered lists (``1. ``), **bold** and
*italic*. Nothing else has a meaning: HTML, links and images are shown as the text that was typed (escaped),
so nothing an officer writes can add markup, scripts or requests to a page, the PDF or the Word file.
"""

import re
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*#*\s*$")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "bullets" or "numbers"
    lines: list[list[Run]]  # a paragraph's lines, a list's items, a heading's one line
    depth: int = 0  # for a heading: 0 for ##, 1 for ###


def runs(text: str) -> list[Run]:
    """A line as plain, bold and italic pieces."""
    found: list[Run] = []
    at = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > at:
            found.append(Run(text[at : match.start()]))
        found.append(Run(match.group(1), bold=True) if match.group(1) else Run(match.group(2), italic=True))
        at = match.end()
    if at < len(text):
        found.append(Run(text[at:]))
    return found


def _block(lines: list[str]) -> Block:
    heading = _HEADING.match(lines[0])
    if heading and len(lines) == 1:
        return Block("heading", [runs(heading.group(2))], depth=len(heading.group(1)) - 2)
    for pattern, kind in ((_BULLET, "bullets"), (_NUMBERED, "numbers")):
        matches = [pattern.match(line) for line in lines]
        if all(matches):
            return Block(kind, [runs(m.group(1)) for m in matches if m])
    return Block("paragraph", [runs(line.strip()) for line in lines])


def blocks(text: str | None) -> list[Block]:
    grouped: list[list[str]] = [[]]
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            grouped.append([])
            continue
        if _HEADING.match(line):
            grouped += [[line], []]
        else:
            grouped[-1].append(line)
    return [_block(lines) for lines in grouped if lines]


def _html(line: list[Run]) -> str:
    parts = []
    for run in line:
        text = escape(run.text, quote=True)
        parts.append(f"<strong>{text}</strong>" if run.bold else f"<em>{text}</em>" if run.italic else text)
    return "".join(parts)


def render(text: str | None, *, level: int = 3) -> Markup:
    """``text`` as HTML, every piece of it escaped; a ``## `` heading becomes a heading of ``level``."""
    out = []
    for block in blocks(text):
        if block.kind == "heading":
            depth = min(level + block.depth, 6)
            size = "govuk-heading-s" if depth >= 4 else "govuk-heading-m"
            out.append(f'<h{depth} class="{size}">{_html(block.lines[0])}</h{depth}>')
        elif block.kind in ("bullets", "numbers"):
            tag, css = ("ul", "bullet") if block.kind == "bullets" else ("ol", "number")
            items = "".join(f"<li>{_html(line)}</li>" for line in block.lines)
            out.append(f'<{tag} class="govuk-list govuk-list--{css}">{items}</{tag}>')
        else:
            out.append(f'<p class="govuk-body">{"<br>".join(_html(line) for line in block.lines)}</p>')
    return Markup("\n".join(out))  # noqa: S704 - every piece of text in it is escaped above
