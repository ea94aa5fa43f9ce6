"""A small, safe Markdown subset for the strategy's narrative, rendered with everything escaped.

What it reads: paragraphs (separated by a blank line), headings (``## `` and ``### ``, shown one level below
the section's own heading), bulleted lists (``- `` or ``* ``), numbered lists (``1. ``), **bold** and
*italic*. Nothing else has a meaning: HTML, links and images are shown as the text that was typed, so
nothing an officer writes can add markup, scripts or requests to a page or the PDF.
"""

import re
from html import escape

from markupsafe import Markup

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*#*\s*$")


def _inline(text: str) -> str:
    html = escape(text, quote=True)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


def _block(lines: list[str], level: int) -> str:
    first = lines[0]
    heading = _HEADING.match(first)
    if heading and len(lines) == 1:
        depth = min(level + len(heading.group(1)) - 2, 6)
        size = "govuk-heading-s" if depth >= 4 else "govuk-heading-m"
        return f'<h{depth} class="{size}">{_inline(heading.group(2))}</h{depth}>'
    for pattern, tag, css in ((_BULLET, "ul", "bullet"), (_NUMBERED, "ol", "number")):
        if all(pattern.match(line) for line in lines):
            items = "".join(f"<li>{_inline(pattern.match(line).group(1))}</li>" for line in lines)  # type: ignore[union-attr]
            return f'<{tag} class="govuk-list govuk-list--{css}">{items}</{tag}>'
    return f'<p class="govuk-body">{"<br>".join(_inline(line.strip()) for line in lines)}</p>'


def render(text: str | None, *, level: int = 3) -> Markup:
    """``text`` as HTML. ``level`` is the heading level a ``## `` heading becomes."""
    blocks: list[list[str]] = [[]]
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.strip():
            if _HEADING.match(line) and blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
            if _HEADING.match(line):
                blocks.append([])
        elif blocks[-1]:
            blocks.append([])
    return Markup("\n".join(_block(lines, level) for lines in blocks if lines))  # noqa: S704 - every piece escaped
