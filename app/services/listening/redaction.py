"""Personal details removed from what people said, before it is stored.

Email addresses, UK phone numbers, National Insurance numbers and names introduced as "my name is …" are
replaced by a marker; a full postcode is cut to its outward code ("B11 1AA" becomes "B11"), which still says
which area a voice came from without saying which street. Each removal is reported with its offsets in the
original text, so the officer can be shown exactly what was taken out.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

MARKERS: dict[str, str] = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    # The outward code stays in the text, so the inward part is removed without a marker.
    "postcode": "",
    "ni_number": "[National Insurance number removed]",
    "name": "[name removed]",
}

# When two detectors claim overlapping text, the more specific one wins: an email address can contain digits
# that look like a phone number and letters that look like a postcode.
_PRIORITY = ("email", "ni_number", "phone", "postcode", "name")


@dataclass(frozen=True)
class Removal:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionResult:
    text: str
    removed: list[Removal]


_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)

# A candidate phone number starts with +44, 0044, "(0" or "0" and continues as digits separated by at most one
# space, dot or hyphen. Money, dates, times and percentages are excluded by what may come before and after
# (a currency sign, a slash, a colon or a decimal point), and the digit count is checked afterwards.
_PHONE = re.compile(
    r"""
    (?<![\w£$€+/.,:-])
    (?:
        (?:\+|\b00)44[ .-]?(?:\(0\)[ .-]?)?[1-9](?:[ .-]?\d){7,9}
      | \(0[1-9]\d{1,4}\)[ .-]?\d(?:[ .-]?\d){4,7}
      | \b0[1-9](?:[ .-]?\d){7,9}
    )
    (?![.,/:-]?\d)(?![\w%])
    """,
    re.VERBOSE,
)

_POSTCODE = re.compile(
    r"\b(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)(?P<inward> ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

_NI_NUMBER = re.compile(
    r"\b(?P<prefix>[A-Z]{2}) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)

# In prose, "at 123456 a year" has the shape of an NI number. HMRC never issues these letters or prefixes, and
# the common words among the valid prefixes only count when written in capitals. "QQ" is never issued either,
# but it is the prefix of HMRC's published example, which people copy when they write their own number.
_NI_EXAMPLE_PREFIX = "QQ"
_NI_NEVER_FIRST = frozenset("DFIQUV")
_NI_NEVER_SECOND = frozenset("DFIOQUV")
_NI_NEVER_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# fmt: off
_NI_COMMON_WORDS = frozenset({
    "ah", "am", "an", "as", "at", "aw", "be", "by", "eh", "go", "ha", "he", "me", "my", "no", "oh", "ok",
    "on", "or", "so", "to", "we", "ye", "yo",
})
# fmt: on

# Web addresses carry long digit strings and letter-digit runs (ids, tracking codes) that are not personal.
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)

_NAME_INTRO = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name['’]s|i['’]m\s+called|i\s+am\s+called|call\s+me)[ \t]+",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Capitalised words that follow "call me" or "my name is" without being a name.
# fmt: off
_NOT_NAMES = frozenset({
    "a", "about", "after", "again", "an", "and", "any", "anytime", "as", "at", "back", "because", "before",
    "but", "by", "for", "from", "he", "her", "here", "him", "his", "i", "if", "in", "is", "it", "just",
    "later", "me", "mine", "my", "no", "not", "now", "of", "on", "once", "only", "or", "please", "really",
    "she", "so", "soon", "that", "the", "their", "them", "then", "there", "they", "this", "to", "today",
    "tomorrow", "tonight", "too", "up", "was", "we", "what", "when", "whenever", "where", "whatever", "who",
    "why", "with", "you", "your", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "morning", "afternoon", "evening", "anonymous", "unknown", "none", "nothing", "private",
})
# fmt: on
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class _Candidate:
    kind: str
    start: int
    end: int


def _emails(text: str) -> Iterator[_Candidate]:
    for match in _EMAIL.finditer(text):
        yield _Candidate("email", match.start(), match.end())


def _phones(text: str) -> Iterator[_Candidate]:
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
        elif digits.startswith("44"):
            digits = "0" + digits[2:]
        # "+44 (0)7700 …" writes the trunk zero twice.
        if digits.startswith("00"):
            digits = digits[1:]
        # UK numbers have eleven digits with the leading zero; a few 01 and 0800 numbers have ten.
        if len(digits) == 11 or (len(digits) == 10 and digits.startswith(("01", "080"))):
            yield _Candidate("phone", match.start(), match.end())


def _postcodes(text: str) -> Iterator[_Candidate]:
    for match in _POSTCODE.finditer(text):
        inward = match.group("inward")
        # "stuck on the M6 9am" is a time; an inward code written as lower-case "am" or "pm" is far likelier
        # to be one than a postcode.
        if inward.strip()[1:] in {"am", "pm"}:
            continue
        yield _Candidate("postcode", match.start("inward"), match.end("inward"))


def _ni_numbers(text: str) -> Iterator[_Candidate]:
    for match in _NI_NUMBER.finditer(text):
        prefix = match.group("prefix")
        upper = prefix.upper()
        if upper != _NI_EXAMPLE_PREFIX and (
            upper[0] in _NI_NEVER_FIRST or upper[1] in _NI_NEVER_SECOND or upper in _NI_NEVER_PREFIXES
        ):
            continue
        if prefix.lower() in _NI_COMMON_WORDS and not prefix.isupper():
            continue
        yield _Candidate("ni_number", match.start(), match.end())


def _names(text: str) -> Iterator[_Candidate]:
    for intro in _NAME_INTRO.finditer(text):
        position = intro.end()
        start = end = position
        for _ in range(_MAX_NAME_WORDS):
            word = _NAME_WORD.match(text, position)
            if word is None or not word.group()[0].isupper() or word.group().lower() in _NOT_NAMES:
                break
            end = word.end()
            # Only a single space joins the words of one name; punctuation or a new line ends it.
            if text[end : end + 1] != " ":
                break
            position = end + 1
        if end > start:
            yield _Candidate("name", start, end)


_DETECTORS = {
    "email": _emails,
    "ni_number": _ni_numbers,
    "phone": _phones,
    "postcode": _postcodes,
    "name": _names,
}


# What each detector needs before its pattern can match, checked first because a plain substring test or a
# digit count costs a fraction of a regular-expression scan, and most of what people say has no personal
# details at all. Phone numbers have at least ten digits (eleven, or ten for a few 01 and 0800 numbers,
# after "+44" or "0044" is turned back into "0"), NI numbers six, postcodes two; every name introduction
# contains "name" or "call".
_NO_DIGITS = str.maketrans("", "", "0123456789")
_MIN_DIGITS = {"email": 0, "ni_number": 6, "phone": 10, "postcode": 2, "name": 0}


def _may_contain(kind: str, text: str, lowered: str, digits: int) -> bool:
    if digits < _MIN_DIGITS[kind]:
        return False
    if kind == "email":
        return "@" in text
    if kind == "name":
        return "name" in lowered or "call" in lowered
    return True


def redact(text: str) -> RedactionResult:
    """Remove personal details from ``text``.

    The rule: email addresses, UK phone numbers, National Insurance numbers and names introduced by "my
    name is", "I'm called" or "call me" are replaced by a marker; a full postcode keeps only its outward code.
    Years, money, dates, times, house numbers, web addresses and an outward code on its own are left alone.
    Offsets in ``removed`` refer to the original text, are sorted and never overlap.
    """
    # ``\d`` matches any decimal digit, not only ASCII ones: count those too when the text has them.
    digits = len(text) - len(text.translate(_NO_DIGITS)) if text.isascii() else sum(map(str.isdecimal, text))
    lowered = text.lower()
    kinds = [kind for kind in _PRIORITY if _may_contain(kind, text, lowered, digits)]
    if not kinds:
        return RedactionResult(text=text, removed=[])
    urls = [(match.start(), match.end()) for match in _URL.finditer(text)] if kinds != ["email"] else []
    accepted: list[_Candidate] = []
    for kind in kinds:
        for candidate in _DETECTORS[kind](text):
            if kind != "email" and any(
                candidate.start < end and candidate.end > start for start, end in urls
            ):
                continue
            if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in accepted):
                accepted.append(candidate)
    accepted.sort(key=lambda candidate: candidate.start)

    parts: list[str] = []
    position = 0
    for candidate in accepted:
        parts.append(text[position : candidate.start])
        parts.append(MARKERS[candidate.kind])
        position = candidate.end
    parts.append(text[position:])
    return RedactionResult(
        text="".join(parts),
        removed=[Removal(candidate.kind, candidate.start, candidate.end) for candidate in accepted],
    )


def run_cli(stdin: TextIO, stdout: TextIO) -> int:
    """Redact JSON lines ``{"text": ...}`` from ``stdin``, one JSON line out per line in.

    Blank lines are skipped. A line that is not a JSON object with a string ``text`` gets an ``error`` line
    with its line number, and the rest carry on; the return code is 1 if any line failed, otherwise 0.
    """
    failed = False
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            output: dict[str, object] = {"error": "This line is not valid JSON.", "line": number}
        else:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                result = redact(item["text"])
                output = {
                    "text": result.text,
                    "removed": [
                        {"kind": removal.kind, "start": removal.start, "end": removal.end}
                        for removal in result.removed
                    ],
                }
            else:
                output = {"error": 'This line needs a "text" field holding a string.', "line": number}
        failed = failed or "error" in output
        stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    return 1 if failed else 0
