"""How well the redactor does on labelled comments: recall by kind, clean comments altered, and speed.

The comments are fictional and live in ``redaction_data/`` as JSON lines, one comment a line::

    {"text": "Mrs Khan next door, 07700 900481", "pii": [
        {"kind": "name", "cue": "title", "text": "Khan"},
        {"kind": "phone", "text": "07700 900481"}]}

``kind`` is one of the redactor's kinds (``redaction.KINDS``); ``text`` is the exact words that must go and
occurs once in the comment; ``cue`` (names only) says how the name is introduced: ``introduced`` ("I'm",
"speak to" …), ``title``, ``relation`` ("my son", "our councillor"), ``signoff`` or ``bare`` (no cue). A
comment with an empty ``pii`` list is clean: nothing in it may change. For a postcode the inward code must
go and the outward code stay.

``heldout.jsonl`` was written before the rules were tuned and is never tuned on; ``development.jsonl`` is
the part to study when changing the rules. ``cohesion evaluate-redaction`` prints the report.
"""

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.services.listening.redaction import KINDS, Removal, redact

DATA = Path(__file__).parent / "redaction_data"
PARTS: dict[str, tuple[str, ...]] = {
    "heldout": ("heldout.jsonl",),
    "development": ("development.jsonl",),
    "all": ("heldout.jsonl", "development.jsonl"),
}
SPEED_SECONDS = 1.0


@dataclass
class Report:
    lines: int = 0
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    clean: int = 0
    altered: list[tuple[str, str]] = field(default_factory=list)
    postcodes: int = 0
    outward_kept: int = 0
    per_second: float = 0.0

    @property
    def recall(self) -> float:
        total = sum(self.total[kind] for kind in KINDS)
        return sum(self.found[kind] for kind in KINDS) / total if total else 1.0

    def recall_of(self, category: str) -> float:
        return self.found[category] / self.total[category] if self.total[category] else 1.0


def load(part: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for name in PARTS[part]:
        with (DATA / name).open(encoding="utf-8") as handle:
            items.extend(json.loads(line) for line in handle if line.strip())
    return items


def _covered(removed: list[Removal], start: int, end: int, text: str) -> bool:
    """Whether every letter and digit of ``text[start:end]`` is inside a removal."""
    return all(
        any(removal.start <= position < removal.end for removal in removed)
        for position in range(start, end)
        if text[position].isalnum()
    )


def _untouched(removed: list[Removal], start: int, end: int) -> bool:
    return all(removal.end <= start or removal.start >= end for removal in removed)


def evaluate(items: list[dict[str, Any]], *, speed_seconds: float | None = None) -> Report:
    report = Report(lines=len(items))
    for item in items:
        text: str = item["text"]
        result = redact(text)
        if not item["pii"]:
            report.clean += 1
            if result.text != text:
                report.altered.append((text, result.text))
            continue
        for expected in item["pii"]:
            kind, span = expected["kind"], expected["text"]
            start = text.index(span)
            end = start + len(span)
            if kind == "postcode":
                outward = len(span.replace(" ", "")) - 3
                outward_end = start + outward
                found = _covered(result.removed, outward_end, end, text)
                report.postcodes += 1
                report.outward_kept += _untouched(result.removed, start, outward_end)
            else:
                found = _covered(result.removed, start, end, text)
            categories = [kind] + ([f"name: {expected['cue']}"] if kind == "name" else [])
            for category in categories:
                report.total[category] += 1
                report.found[category] += found
            if not found:
                report.missed.append((kind, span, text))
    seconds = SPEED_SECONDS if speed_seconds is None else speed_seconds
    report.per_second = _speed([item["text"] for item in items], seconds)
    return report


def _speed(texts: list[str], seconds: float) -> float:
    """Comments redacted per second on one core, over at least ``seconds`` of repeated passes."""
    if not texts or seconds <= 0:
        return 0.0
    done = 0
    started = time.perf_counter()
    while True:
        for text in texts:
            redact(text)
        done += len(texts)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


def format_report(report: Report, part: str) -> str:
    lines = [f"Redaction on the {part} comments: {report.lines} comments", "", "Recall (details removed):"]
    categories = [kind for kind in KINDS if report.total[kind]]
    categories += sorted(category for category in report.total if category.startswith("name: "))
    for category in categories:
        lines.append(
            f"  {category:<24} {report.found[category]:>4} of {report.total[category]:<4} "
            f"{report.recall_of(category):6.1%}"
        )
    found = sum(report.found[kind] for kind in KINDS)
    total = sum(report.total[kind] for kind in KINDS)
    lines.append(f"  {'all':<24} {found:>4} of {total:<4} {report.recall:6.1%}")
    lines.append("")
    lines.append(f"Clean comments altered: {len(report.altered)} of {report.clean}")
    lines.append(f"Postcodes keeping their outward code: {report.outward_kept} of {report.postcodes}")
    lines.append(f"Speed: {report.per_second:,.0f} comments a second on one core")
    if report.missed:
        lines += ["", "Missed:"] + [f"  {kind}: {span!r} in {text!r}" for kind, span, text in report.missed]
    if report.altered:
        lines += ["", "Clean comments altered:"] + [f"  {old!r} -> {new!r}" for old, new in report.altered]
    return "\n".join(lines) + "\n"


def run_cli(part: str, stdout: TextIO) -> int:
    report = evaluate(load(part))
    stdout.write(format_report(report, part))
    return 0
