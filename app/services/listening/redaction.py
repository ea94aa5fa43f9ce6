"""Personal details removed from what people said, before it is stored: the one function every way in uses.

Each kind of detail is replaced by a typed marker ("[name removed]", "[address removed]" …); a full postcode
is cut to its outward code ("B11 1AA" becomes "B11"), which still says which area a voice came from without
saying which street. Each removal is reported with its offsets in the original text, so the officer can be
shown exactly what was taken out. The detectors are in ``redaction_patterns`` and ``redaction_names``; how
well they do is measured by ``redaction_eval`` on the labelled comments in ``redaction_data``.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from markupsafe import Markup, escape

from app.services.listening import redaction_patterns as patterns
from app.services.listening.redaction_names import names
from app.services.listening.redaction_patterns import Span
from app.services.listening.text_lines import answer_text_lines
from app.text import listed

MARKERS: dict[str, str] = {
    "email": "[email removed]",
    "social_handle": "[social media handle removed]",
    "phone": "[phone removed]",
    "ni_number": "[National Insurance number removed]",
    "vehicle_registration": "[vehicle registration removed]",
    # The outward code stays in the text, so the inward part is removed without a marker.
    "postcode": "",
    "date_of_birth": "[date of birth removed]",
    "address": "[address removed]",
    "name": "[name removed]",
}
KINDS = tuple(MARKERS)


@dataclass(frozen=True)
class Removal:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionResult:
    text: str
    removed: list[Removal]


_NO_DIGITS = str.maketrans("", "", "0123456789")

# When two detectors claim overlapping text, the earlier one here wins: an email address can hold digits
# that look like a phone number, a profile address a name, and an address a first name ("Rosemary
# Cottage"). Each detector says how many digits it needs at least, so most comments, which hold no personal
# details, skip most of the patterns after one count.
_DETECTORS: tuple[tuple[int, Callable[[str], Iterator[Span]]], ...] = (
    (0, patterns.emails),
    (0, patterns.social_handles),
    (6, patterns.ni_numbers),
    (10, patterns.phones),
    (2, patterns.vehicle_registrations),
    (2, patterns.postcodes),
    (2, patterns.dates_of_birth),
    (0, patterns.addresses),
    (0, names),
)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and end > other_start for other_start, other_end in spans)


def find(text: str) -> list[Removal]:
    """What ``redact`` removes from ``text``: sorted, never overlapping, offsets into ``text``."""
    # ``\d`` matches any decimal digit, not only ASCII ones: count those too when the text has them.
    digits = len(text) - len(text.translate(_NO_DIGITS)) if text.isascii() else sum(map(str.isdecimal, text))
    urls: list[tuple[int, int]] = []
    if "www." in text or "://" in text:
        urls = [(match.start(), match.end()) for match in patterns.URL.finditer(text)]
    accepted: list[Removal] = []
    taken: list[tuple[int, int]] = []
    for needed, detector in _DETECTORS:
        if digits < needed:
            continue
        for kind, start, end in detector(text):
            if kind not in ("email", "social_handle") and urls and _overlaps(start, end, urls):
                continue
            if not _overlaps(start, end, taken):
                accepted.append(Removal(kind, start, end))
                taken.append((start, end))
    accepted.sort(key=lambda removal: removal.start)
    return accepted


def redact(text: str) -> RedactionResult:
    """Remove personal details from ``text``.

    Names, addresses, email addresses (also written out, "jo at gmail dot com"), social media handles and
    profile addresses, UK phone numbers, National Insurance numbers, dates of birth and vehicle registrations
    are replaced by a typed marker such as "[name removed]"; a full postcode keeps only its outward code.
    Years, money, dates without a birth cue, times, web addresses, street names without a house number and
    an outward code on its own are left alone. Offsets in ``removed`` refer to the original text.
    """
    removed = find(text)
    if not removed:
        return RedactionResult(text=text, removed=[])
    parts: list[str] = []
    position = 0
    for removal in removed:
        parts.append(text[position : removal.start])
        parts.append(MARKERS[removal.kind])
        position = removal.end
    parts.append(text[position:])
    return RedactionResult(text="".join(parts), removed=removed)


# Every marker, and "[phone number removed]", which voices saved before the markers were typed still hold.
MARKER = re.compile(
    "|".join(re.escape(marker) for marker in (*MARKERS.values(), "[phone number removed]") if marker)
)


def mark_removals(text: str) -> Markup:
    """``text`` as HTML with each marker highlighted, so a reader sees where something was taken out."""
    parts: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        parts.append(str(escape(text[position : match.start()])))
        parts.append(f'<mark class="app-removed">{escape(match.group())}</mark>')
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # noqa: S704 - every piece of the text is escaped above


def run_cli(stdin: TextIO, stdout: TextIO) -> int:
    """Redact JSON lines ``{"text": ...}`` from ``stdin``, one JSON line out per line in.

    Lines that cannot be read are answered as ``answer_text_lines`` says.
    """

    def answer(text: str) -> dict[str, object]:
        result = redact(text)
        return {
            "text": result.text,
            "removed": [
                {"kind": removal.kind, "start": removal.start, "end": removal.end}
                for removal in result.removed
            ],
        }

    return answer_text_lines(stdin, stdout, answer)


# In the order the message lists them; every kind the redactor removes has a label.
REDACTION_LABELS = {
    "name": "a name",
    "address": "an address",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a full postcode (the outward code is kept)",
    "date_of_birth": "a date of birth",
    "social_handle": "a social media handle",
    "vehicle_registration": "a vehicle registration",
    "ni_number": "a National Insurance number",
}


def redaction_message(kinds: Sequence[str]) -> str | None:
    """What the officer is told after saving a voice: which kinds of detail were removed, if any."""
    if not kinds:
        return None
    order = list(REDACTION_LABELS)
    ordered = sorted(set(kinds), key=lambda kind: order.index(kind) if kind in order else len(order))
    parts = [REDACTION_LABELS.get(kind, kind) for kind in ordered]
    marked = " Each is marked where it was in the text." if set(ordered) - {"postcode"} else ""
    return f"Personal details were removed before saving: {listed(parts)}.{marked}"
