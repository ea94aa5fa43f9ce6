"""Counts of a strategy's voices by area, theme and profile group (``VoiceCount``), kept in step by writes.

Rules:
- every voice written through the ORM (created, edited, restored, deleted) changes the counts in the same
  flush, through one ``before_flush`` listener, so no service has to remember to;
- writes that go round the ORM (the survey import's batched INSERTs) call ``add_voices`` with the rows they
  wrote; loads that build whole databases (the benchmark data) call ``rebuild`` once at the end;
- counts change by increments (``INSERT … ON CONFLICT DO UPDATE``), so two requests writing at once both
  count; a voice edited by two requests at once is already refused for one of them by the version check,
  whose rollback takes its increments with it;
- rows that fall to zero are removed, so reading a strategy's counts reads only what is there.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from app.models import PROFILE_FIELDS, Voice, VoiceCount, VoiceTheme

ALL = "all"
UNTAGGED = "untagged"
THEME = "theme"
# Voices raised as a struggle or a concern, by theme: what makes a candidate struggle for the mapping stage.
STRUGGLE_THEME = "struggle_theme"
STRUGGLE_KINDS = ("struggle", "concern")
NO_AREA = 0

Key = tuple[int, str, int, str]  # (strategy id, facet, area id, value)

_COLUMNS = ("id", "strategy_id", "area_id", "kind", "theme_ids", *PROFILE_FIELDS)


def facts(voice: Mapping[str, Any]) -> list[Key]:
    """The counts one voice adds to."""
    strategy_id = int(voice["strategy_id"])
    area = int(voice.get("area_id") or NO_AREA)
    keys: list[Key] = [(strategy_id, ALL, area, "")]
    themes = sorted({int(t) for t in voice.get("theme_ids") or []})
    if themes:
        keys += [(strategy_id, THEME, area, str(t)) for t in themes]
        if str(voice.get("kind") or "") in STRUGGLE_KINDS:
            keys += [(strategy_id, STRUGGLE_THEME, area, str(t)) for t in themes]
    else:
        keys.append((strategy_id, UNTAGGED, area, ""))
    for field_name in PROFILE_FIELDS:
        group = voice.get(field_name)
        if group is not None:
            keys.append((strategy_id, field_name, area, str(group)))
    return keys


def _values(voice: Voice) -> dict[str, Any]:
    return {name: getattr(voice, name) for name in _COLUMNS}


def apply(connection: sa.Connection, delta: Mapping[Key, int]) -> None:
    """Add ``delta`` to the counts, in key order (so two writers never wait on each other in a circle)."""
    changes = [(key, n) for key, n in sorted(delta.items()) if n]
    if not changes:
        return
    table = VoiceCount.__table__  # type: ignore[attr-defined]
    rows = [
        {"strategy_id": s, "facet": facet, "area_id": area, "value": value, "voices": n}
        for (s, facet, area, value), n in changes
    ]
    dialect = connection.dialect.name
    statement: Any = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["strategy_id", "facet", "area_id", "value"],
        set_={"voices": table.c.voices + statement.excluded.voices},
    )
    connection.execute(statement, rows)
    if any(n < 0 for _, n in changes):
        strategies = sorted({key[0] for key, _ in changes})
        connection.execute(sa.delete(table).where(table.c.strategy_id.in_(strategies), table.c.voices <= 0))


def add_voices(connection: sa.Connection, voices: Iterable[Mapping[str, Any]]) -> None:
    """Count voices written without the ORM (each a mapping with the columns ``facts`` reads)."""
    delta: Counter[Key] = Counter()
    for voice in voices:
        delta.update(facts(voice))
    apply(connection, delta)


def counted_values(voice: Voice) -> dict[str, Any]:
    """What the counts read of a voice, to hand to ``change_voices`` before and after a change."""
    return _values(voice)


def change_voices(
    connection: sa.Connection, before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]
) -> None:
    """Count voices changed without the ORM: what each was out, what it is now in."""
    delta: Counter[Key] = Counter()
    for values in before:
        delta.subtract(facts(values))
    for values in after:
        delta.update(facts(values))
    apply(connection, delta)


@event.listens_for(OrmSession, "before_flush")
def _count_flushed_voices(session: OrmSession, _context: Any, _instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, Voice)]
    changed = [o for o in session.dirty if isinstance(o, Voice) and session.is_modified(o)]
    deleted = [o for o in session.deleted if isinstance(o, Voice)]
    if not (new or changed or deleted):
        return
    connection = session.connection()
    delta: Counter[Key] = Counter()
    for voice in new + changed:
        delta.update(facts(_values(voice)))
    stored = [o.id for o in changed + deleted if o.id is not None]
    if stored:
        table = Voice.__table__  # type: ignore[attr-defined]
        # What the database holds before this flush: the counts to take away.
        for row in connection.execute(
            sa.select(*(table.c[name] for name in _COLUMNS)).where(table.c.id.in_(stored))
        ).mappings():
            delta.subtract(facts(dict(row)))
    apply(connection, delta)


def rebuild(connection: sa.Connection, strategy_ids: list[int] | None = None) -> None:
    """Count again from the voices themselves: every strategy, or those given."""
    table = VoiceCount.__table__  # type: ignore[attr-defined]
    voice = Voice.__table__  # type: ignore[attr-defined]
    link = VoiceTheme.__table__  # type: ignore[attr-defined]
    area = sa.func.coalesce(voice.c.area_id, sa.literal_column(str(NO_AREA)))  # one expression, no parameter

    def counted(facet: str, value: Any, *by: Any) -> Any:
        """Voices of the strategies asked for, counted by strategy, area and ``by`` into the ``facet`` row."""
        statement = sa.select(voice.c.strategy_id, sa.literal(facet), area, value, sa.func.count()).group_by(
            voice.c.strategy_id, area, *by
        )
        return statement if strategy_ids is None else statement.where(voice.c.strategy_id.in_(strategy_ids))

    linked = link.join(voice, voice.c.id == link.c.voice_id)
    theme = sa.cast(link.c.theme_id, sa.String)
    parts = [
        counted(ALL, sa.literal("")),
        counted(UNTAGGED, sa.literal("")).where(~sa.exists().where(link.c.voice_id == voice.c.id)),
        counted(THEME, theme, link.c.theme_id).select_from(linked),
        counted(STRUGGLE_THEME, theme, link.c.theme_id)
        .select_from(linked)
        .where(voice.c.kind.in_(STRUGGLE_KINDS)),
        *(
            counted(name, voice.c[name], voice.c[name]).where(voice.c[name].is_not(None))
            for name in PROFILE_FIELDS
        ),
    ]
    removal = sa.delete(table)
    if strategy_ids is not None:
        removal = removal.where(table.c.strategy_id.in_(strategy_ids))
    connection.execute(removal)
    for part in parts:
        connection.execute(
            sa.insert(table).from_select(["strategy_id", "facet", "area_id", "value", "voices"], part)
        )


@dataclass(frozen=True)
class StrategyCounts:
    """A strategy's counts, read in one query."""

    rows: dict[str, dict[tuple[int, str], int]]  # facet -> (area id, value) -> voices

    def facet(self, name: str) -> dict[tuple[int, str], int]:
        return self.rows.get(name, {})

    def total(self, name: str) -> int:
        return sum(self.facet(name).values())


def strategy_counts(
    *, session: Session, strategy_id: int, facets: Iterable[str] | None = None
) -> StrategyCounts:
    """The strategy's counts, of every facet or only of ``facets``."""
    statement = select(VoiceCount.facet, VoiceCount.area_id, VoiceCount.value, VoiceCount.voices).where(
        VoiceCount.strategy_id == strategy_id, col(VoiceCount.voices) > 0
    )
    if facets is not None:
        statement = statement.where(col(VoiceCount.facet).in_(list(facets)))
    rows: dict[str, dict[tuple[int, str], int]] = {}
    for facet, area_id, value, voices in session.exec(statement).all():
        rows.setdefault(facet, {})[(int(area_id), value)] = int(voices)
    return StrategyCounts(rows=rows)
