"""Which column of a survey file holds which voice field, guessed from the column's name and its contents,
and the exports of common survey tools recognised by their headers.

The guess is only a starting point the officer confirms, so it errs towards leaving a field unmatched:
- what was said is the column of long free text (a column called "Response ID" whose values are 1, 2, 3 is
  an identifier, never what was said);
- short identifiers, timestamps and the tools' own columns about the respondent (name, email, IP address)
  are never matched;
- a column whose values are the place's area names (or near misses of them) is the area;
- a column named after a Place Standard theme whose values are whole numbers 1 to 7 holds its scores.
"""

import csv
import difflib
import io
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.models import PROFILE_FIELDS, VoiceKind
from app.services.csv_reader import CsvRow, CsvRows, unique_name
from app.services.listening.redaction import redact
from app.services.listening.theme_keywords import DEFAULT_THEMES, PLACE_STANDARD_SLUGS

SAMPLE_ROWS = 50
SHOWN_SAMPLES = 3
SAMPLE_CHARS = 80
LONG_TEXT = 15  # average characters of a column of free text
NEAR_MISS = 0.8  # difflib's ratio: "Hilcrest" and "Hillcrest" score 0.94, "Northfield" and "Southfield" 0.8
MATCHING_SHARE = 0.6


@lru_cache(maxsize=8192)
def normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Tool:
    """A survey tool's export: the header names that give it away, and its columns about the respondent or
    the response that are never what people said."""

    name: str
    markers: frozenset[str]
    own_columns: frozenset[str]
    two_header_rows: bool = False


def _names(*names: str) -> frozenset[str]:
    return frozenset(normal(name) for name in names)


TOOLS: tuple[Tool, ...] = (
    Tool(
        "SurveyMonkey",
        _names("Respondent ID", "Collector ID"),
        _names(
            "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1",
        ),
        two_header_rows=True,
    ),
    Tool(
        "Microsoft Forms",
        _names("ID", "Start time", "Completion time"),
        _names("ID", "Start time", "Completion time", "Email", "Name", "Last modified time"),
    ),
    Tool(
        "Smart Survey",
        _names("UserID", "UserNo"),
        _names("UserID", "UserNo", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended",
               "Tracking Link", "Custom Value"),
    ),
    Tool(
        "Citizen Space",
        _names("Response ID", "Submitted on"),
        _names("Response ID", "Submitted on", "Response type", "Name", "Email address", "Organisation"),
    ),
    Tool("Google Forms", _names("Timestamp"), _names("Timestamp", "Email address", "Email", "Score")),
)  # fmt: skip


def recognise(header: Sequence[str]) -> Tool | None:
    names = {normal(name) for name in header}
    return next((tool for tool in TOOLS if tool.markers <= names), None)


# A SurveyMonkey export names each question in its first header row and each answer column in its second:
# "Response" or "Open-Ended Response" for a question with one column, an option's text for each column of a
# multiple-choice question (whose first-row cell is blank, under the question to its left).
_ONE_COLUMN_ANSWERS = _names("Response", "Open-Ended Response")
_BLANK_NAME = re.compile(r"Column \d+")


def _joined_header(header: Sequence[str], second: dict[str, str]) -> list[str]:
    names: list[str] = []
    question = ""
    for name in header:
        answer = second.get(name, "").strip()
        if _BLANK_NAME.fullmatch(name) and answer and question:
            joined = f"{question}: {answer}"
        else:
            question = name
            joined = name if not answer or normal(answer) in _ONE_COLUMN_ANSWERS else f"{name}: {answer}"
        names.append(unique_name(joined, names))
    return names


class SurveyRows:
    """A survey file's header and rows, with a tool's second header row read as part of the column names."""

    def __init__(self, rows: CsvRows) -> None:
        self._rows = iter(rows)
        self.tool = recognise(rows.header)
        self.header = list(rows.header)
        self._renamed: dict[str, str] | None = None
        self._first: CsvRow | None = next(self._rows, None)
        first = self._first
        if self.tool is not None and self.tool.two_header_rows and first is not None and not first.problem:
            # The second header row leaves the respondent's own columns blank; a response never does.
            own = [name for name in self.header if normal(name) in self.tool.own_columns]
            if own and not any(first.values.get(name, "").strip() for name in own):
                joined = _joined_header(self.header, first.values)
                self._renamed = dict(zip(self.header, joined, strict=True))
                self.header = joined
                self._first = None

    def __iter__(self) -> Iterator[CsvRow]:
        if self._first is not None:
            yield self._rekey(self._first)
        for row in self._rows:
            yield self._rekey(row)

    def _rekey(self, row: CsvRow) -> CsvRow:
        if self._renamed is None:
            return row
        return CsvRow(row.number, {self._renamed[k]: v for k, v in row.values.items()}, row.problem)


def read_samples(rows: SurveyRows) -> dict[str, list[str]]:
    """The non-empty values of each column in the first ``SAMPLE_ROWS`` rows."""
    found: dict[str, list[str]] = {name: [] for name in rows.header}
    for count, row in enumerate(rows, start=1):
        for name, value in row.values.items():
            if value.strip() and name in found:
                found[name].append(value.strip())
        if count >= SAMPLE_ROWS:
            break
    return found


def shown_samples(samples: dict[str, list[str]]) -> dict[str, list[str]]:
    """A few different values of each column, with personal details removed as they would be on import."""
    shown: dict[str, list[str]] = {}
    for name, values in samples.items():
        distinct = list(dict.fromkeys(values))[:SHOWN_SAMPLES]
        shown[name] = [_short(redact(value).text) for value in distinct]
    return shown


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1].rstrip() + "…"


def near_match(value: str, names: Sequence[str]) -> str | None:
    """The one name ``value`` most likely misspells, if any is close enough."""
    found = difflib.get_close_matches(normal(value), [normal(name) for name in names], n=1, cutoff=NEAR_MISS)
    if not found:
        return None
    return next(name for name in names if normal(name) == found[0])


_CLUES = {
    "text": ("comment", "response", "what", "said", "text", "feedback", "answer", "views", "tell us"),
    "kind": ("kind", "type", "category"),
    "area": ("area", "ward", "neighbourhood", "neighborhood", "where do you live"),
    "themes": ("theme", "topic"),
    "age_band": ("age",),
    "ethnic_group": ("ethnic", "ethnicity"),
    "faith": ("faith", "religion"),
    "disability": ("disab",),
    "migration_status": ("migration", "born"),
    "gender": ("gender", "sex"),
}
_PLACE_STANDARD_NAMES = {
    theme.slug: normal(theme.name) for theme in DEFAULT_THEMES if theme.slug in PLACE_STANDARD_SLUGS
}
_KINDS = {k.value for k in VoiceKind} | {k.value + "s" for k in VoiceKind}


_GROUPS = {normal(group) for _label, groups in PROFILE_FIELDS.values() for group in groups}


def _is_free_text(values: list[str]) -> bool:
    """Sentences: long enough, mostly with spaces, and not the answers of a list (an ethnic group)."""
    if not values:
        return False
    average = sum(len(v) for v in values) / len(values)
    spaced = sum(1 for v in values if " " in v.strip()) / len(values)
    return average >= LONG_TEXT and spaced >= MATCHING_SHARE and _share(values, _GROUPS) < MATCHING_SHARE


_ID_WORDS = frozenset({"id", "ref", "reference", "uuid", "token", "code"})


def _is_identifier(column: str, values: list[str]) -> bool:
    """Named as an identifier ("Response ID") and not free text, or whole numbers nearly all different that
    are not scores: 1, 2, 3 … 40 or 114012345678."""
    if set(normal(column).split()) & _ID_WORDS:
        return not _is_free_text(values)
    if not values or _is_score(values):
        return False
    return all(v.isdigit() for v in values) and len(set(values)) >= 0.9 * len(values)


def _share(values: list[str], matches: set[str]) -> float:
    return sum(1 for v in values if normal(v) in matches) / len(values) if values else 0.0


def _is_score(values: list[str]) -> bool:
    return bool(values) and all(v.strip() in {"1", "2", "3", "4", "5", "6", "7"} for v in values)


def match_columns(
    header: Sequence[str],
    samples: dict[str, list[str]] | None = None,
    *,
    area_names: Sequence[str] = (),
    tool: Tool | None = None,
) -> dict[str, str]:
    """The column for each field, from the columns' names and (when ``samples`` are given) their contents:
    first the scores, then the area, what was said, and the other fields by the words in their names."""
    samples = samples or {}
    usable = _usable_columns(header, samples, tool or recognise(header))
    guesses = _score_columns(usable, samples)
    scored = set(guesses.values())
    area = _area_column([column for column in usable if column not in scored], samples, area_names)
    if area is not None:
        guesses["area"] = area
    text = _text_column(usable, samples, scored)
    if text is not None:
        guesses["text"] = text
    for column in usable:
        if column in guesses.values():
            continue
        key = _named_field(column, samples.get(column, []), guesses)
        if key is not None:
            guesses[key] = column
    return guesses


def _usable_columns(header: Sequence[str], samples: dict[str, list[str]], tool: Tool | None) -> list[str]:
    """The columns that may hold a field: neither the tool's own columns about the respondent nor
    identifiers."""
    left_out = tool.own_columns if tool else frozenset()
    return [
        column
        for column in header
        if normal(column) not in left_out and not _is_identifier(column, samples.get(column, []))
    ]


def _score_columns(columns: list[str], samples: dict[str, list[str]]) -> dict[str, str]:
    """The first column named after each Place Standard theme whose values (if any) are scores."""
    found: dict[str, str] = {}
    for column in columns:
        name, values = normal(column), samples.get(column, [])
        for slug, theme_name in _PLACE_STANDARD_NAMES.items():
            if (theme_name in name or normal(slug) == name) and (not values or _is_score(values)):
                found.setdefault(f"score:{slug}", column)
    return found


def _area_column(columns: list[str], samples: dict[str, list[str]], area_names: Sequence[str]) -> str | None:
    """The first column whose values are mostly the place's area names or near misses of them."""
    areas = {normal(name) for name in area_names}
    if not areas:
        return None
    for column in columns:
        values = samples.get(column, [])
        near = sum(1 for v in values if normal(v) in areas or near_match(v, list(area_names)))
        if values and near / len(values) >= MATCHING_SHARE:
            return column
    return None


def _text_column(columns: list[str], samples: dict[str, list[str]], scored: set[str]) -> str | None:
    """The free text named like what was said, else the free text with the longest answers; without
    samples, the first column named like what was said."""
    named = [c for c in columns if any(w in normal(c) for w in _CLUES["text"]) and c not in scored]
    if not samples:
        return next(iter(named), None)
    free = [column for column in columns if _is_free_text(samples.get(column, []))]
    return next((c for c in named if c in free), None) or max(
        free, key=lambda c: sum(map(len, samples[c])) / len(samples[c]), default=None
    )


def _named_field(column: str, values: list[str], guessed: Container[str]) -> str | None:
    """The first field not yet guessed that the column's name points to, if its values fit: long answers
    are a question's free text, except a list of theme names ("Housing; Feeling safe")."""
    free_text = bool(values) and _is_free_text(values)
    name = normal(column)
    for key, words in _CLUES.items():
        if key in guessed or key == "text" or not any(word in name for word in words):
            continue
        if free_text and key != "themes":
            return None
        if key == "kind" and values and _share(values, _KINDS) < MATCHING_SHARE:
            continue
        return key
    return None


def template_csv(area_names: Sequence[str]) -> str:
    """A CSV file with one column for each field, named so the import matches every one, and two example
    rows of invented answers."""
    header = [
        "What was said", "Kind", "Area", "Themes",
        *[PROFILE_FIELDS[field][0] for field in PROFILE_FIELDS],
        *[f"{theme.name} (1 to 7)" for theme in DEFAULT_THEMES if theme.slug in PLACE_STANDARD_SLUGS],
    ]  # fmt: skip
    first_area = area_names[0] if area_names else ""
    blank_profile = [""] * (len(PROFILE_FIELDS) - 1)
    scores = len(PLACE_STANDARD_SLUGS)
    rows = [
        ["The park by the library is where everyone meets on a Saturday.", "strength", first_area,
         "Natural space", "35-49", *blank_profile, *["5"] * scores],
        ["There is nothing for teenagers to do after school.", "struggle", "", "", "16-24", *blank_profile,
         *[""] * scores],
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
