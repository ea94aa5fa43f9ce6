"""An edition's records as a reader sees them, and two editions compared: each record under a short heading,
with only the fields its reader may see (no personal fields for those who may not read drafts), and every
count of people from 1 to 9 read as "fewer than 10" (``disclosure``).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from app.services.outputs import disclosure
from app.services.records import kinds
from app.services.records.history import (
    lookup_names,
    record_changes,
    record_items,
    record_values,
)


def record_heading(kind: str, row: Any) -> str:
    """A short name for a record in an edition: its title or name, else its first words or its date."""
    for attribute in ("title", "name", "outcome", "text"):
        value = getattr(row, attribute, None)
        if isinstance(value, str) and value:
            return value if len(value) <= 80 else value[:79].rstrip() + "…"
    spec = kinds.find(kind)
    noun = spec.noun if spec else kind
    for attribute in ("period_end", "measured_on", "start_date"):
        value = getattr(row, attribute, None)
        if isinstance(value, date):
            return f"{noun.capitalize()} for {value.day} {value:%B %Y}"
    # A kind with no name or date (a set of scores): its noun, never its id, which means nothing to readers.
    return noun[:1].upper() + noun[1:]


@dataclass(frozen=True)
class ShownRecord:
    id: int
    heading: str
    values: dict[str, str]
    # The fields that hold several things, as lists of lines (shown as lists on a page).
    lists: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ShownKind:
    kind: str
    noun: str
    count: int | None  # None: a count of 1 to 9 of what residents said, which ``shown`` gives as a range
    shown: str  # the count as the page gives it
    records: list[ShownRecord]  # empty when the kind is shown as a count only
    left_out: str | None = None  # what the small-count rule left out, in a sentence


def _hidden(kind: str, personal: bool) -> frozenset[str]:
    """What a councillor never sees in an edition: fields about people, evidence that quotes them."""
    return frozenset() if personal else kinds.BY_NAME[kind].personal_fields


@dataclass(frozen=True)
class _Count:
    """A count of people as the small-count rule gives it: printed as it is, equal when it reads the same
    (so "1 to 3 participants" is no change to someone who sees "fewer than 10" both times)."""

    text: str

    def __str__(self) -> str:
        return self.text


class _Disclosed:
    """A record (or a version of one) as those who may not read drafts see it: its counts of people go
    through ``disclosure``; every other attribute is the record's own."""

    def __init__(self, row: Any, counts: frozenset[str]) -> None:
        self._row = row
        self._counts = counts

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._row, name)
        if name in self._counts and isinstance(value, int):
            return _Count(str(disclosure.shown(value)))
        return value


def _disclosed(kind: str, rows: Sequence[Any]) -> tuple[list[Any], str | None]:
    """The rows of a kind that those who may not read drafts may see, and a sentence for what was left
    out: a breakdown of fewer than ``disclosure.MINIMUM`` people's answers is not shown at all."""
    breakdown = disclosure.BREAKDOWNS.get(kind)
    kept = [row for row in rows if breakdown is None or disclosure.may_break_down(getattr(row, breakdown))]
    left_out = None
    if len(kept) < len(rows):
        noun = kinds.BY_NAME[kind].noun
        left_out = (
            f"Any {noun} from {disclosure.FEWER} people is left out, so that nobody can be singled out."
        )
    counts = disclosure.PEOPLE_COUNTS.get(kind, frozenset())
    return [_Disclosed(row, counts) if counts else row for row in kept], left_out


def show_records(*, session: Session, records: dict[str, list[Any]], personal: bool) -> list[ShownKind]:
    """Records by kind in plain English. Without ``personal``, what residents said is a count only, fields
    about people are left out, and counts of people and what is worked out from them follow the small-count
    rule (``disclosure``)."""
    shown = []
    for kind, all_rows in records.items():
        spec = kinds.BY_NAME[kind]
        noun = spec.noun
        # What residents said is never shown, record by record, to a councillor.
        if spec.personal and not personal:
            count = disclosure.shown(len(all_rows))
            shown.append(
                ShownKind(
                    kind=kind,
                    noun=noun,
                    count=count if isinstance(count, int) else None,
                    shown=str(count),
                    records=[],
                )
            )
            continue
        rows, left_out = (list(all_rows), None) if personal else _disclosed(kind, all_rows)
        shown.append(
            ShownKind(
                kind=kind,
                noun=noun,
                count=len(rows),
                shown=str(len(rows)),
                records=_shown(session, kind, rows, _hidden(kind, personal)),
                left_out=left_out,
            )
        )
    return shown


@dataclass(frozen=True)
class ChangedRecord:
    id: int
    heading: str
    changes: list[str]


@dataclass
class KindComparison:
    kind: str
    noun: str
    added: list[ShownRecord] = field(default_factory=list)
    removed: list[ShownRecord] = field(default_factory=list)
    changed: list[ChangedRecord] = field(default_factory=list)
    # For kinds shown as counts only: how many there were before and after, as the reader may see them.
    counts: tuple[str, str] | None = None
    left_out: str | None = None  # what the small-count rule left out, in a sentence

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed) and (
            self.counts is None or self.counts[0] == self.counts[1]
        )


def compare_records(
    *, session: Session, before: dict[str, list[Any]], after: dict[str, list[Any]], personal: bool
) -> list[KindComparison]:
    """Records added, removed and changed (with a sentence per changed field) from ``before`` to ``after``."""
    comparisons = []
    for kind in after:
        spec = kinds.BY_NAME[kind]
        comparison = KindComparison(kind=kind, noun=spec.noun)
        if spec.personal and not personal:
            comparison.counts = (
                str(disclosure.shown(len(before.get(kind, [])))),
                str(disclosure.shown(len(after[kind]))),
            )
            comparisons.append(comparison)
            continue
        old_list, new_list = before.get(kind, []), after[kind]
        if not personal:
            old_list, old_left_out = _disclosed(kind, old_list)
            new_list, new_left_out = _disclosed(kind, new_list)
            comparison.left_out = new_left_out or old_left_out
        old_rows = {row.id: row for row in old_list}
        new_rows = {row.id: row for row in new_list}
        hidden = _hidden(kind, personal)
        added = [row for i, row in new_rows.items() if i not in old_rows]
        removed = [row for i, row in old_rows.items() if i not in new_rows]
        both = [
            (old_rows[i], row)
            for i, row in new_rows.items()
            if i in old_rows and old_rows[i].transaction_id != row.transaction_id
        ]
        comparison.added = _shown(session, kind, added, hidden)
        comparison.removed = _shown(session, kind, removed, hidden)
        sentences = record_changes(session=session, kind=kind, pairs=both, hidden=hidden)
        comparison.changed = [
            ChangedRecord(id=new.id, heading=record_heading(kind, new), changes=changes)
            for (_old, new), changes in zip(both, sentences, strict=True)
            if changes
        ]
        comparisons.append(comparison)
    return comparisons


def _shown(session: Session, kind: str, rows: Sequence[Any], hidden: frozenset[str]) -> list[ShownRecord]:
    names = lookup_names(session=session, kind=kind, rows=rows)
    values = record_values(session=session, kind=kind, rows=rows, hidden=hidden, names=names)
    lists = record_items(session=session, kind=kind, rows=rows, hidden=hidden, names=names)
    return [
        ShownRecord(id=row.id, heading=record_heading(kind, row), values=value, lists=listed)
        for row, value, listed in zip(rows, values, lists, strict=True)
    ]
