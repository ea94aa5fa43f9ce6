"""What a published edition holds, read cheaply for the councillor dashboard: a few columns of each kind of
record, and what the listening edition heard as counts of themes (never what anyone said).

The stage as it was at an edition is the version rows valid at its transaction, as ``editions.records_at``
reads it; these read the same rows, but only the columns the dashboard shows.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.models import (
    Action,
    ActionUpdate,
    Edition,
    Indicator,
    Measurement,
    Priority,
    Strategy,
    Struggle,
    Voice,
    VoiceTheme,
    version_class,
)

_DELETED = 2  # Continuum's operation type for a deletion
STRATEGY_VOICES, PLACE_VOICES = -1, -2  # rows of the voice counts beside the counts by theme id

# What the dashboard reads of each kind of record: a few columns, not whole records.
COLUMNS: dict[type[Any], tuple[str, ...]] = {
    Priority: ("id", "outcome", "position", "struggle_ids"),
    Action: (
        "id",
        "title",
        "lead_organisation",
        "status",
        "percent_complete",
        "start_date",
        "end_date",
        "priority_id",
        "struggle_ids",
    ),
    Indicator: (
        "id",
        "name",
        "kind",
        "question",
        "unit",
        "polarity",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
    ),
    ActionUpdate: ("id", "action_id", "period_end", "status", "percent_complete", "what_happened"),
    Measurement: ("id", "indicator_id", "measured_on", "value"),
    Struggle: ("id", "title", "severity", "theme_ids"),
}


def at_edition(V: Any, strategy: Strategy, edition: Edition) -> Any:
    """The version rows of ``strategy`` valid at ``edition``: the stage as it was then, as
    ``editions.records_at`` reads it."""
    return sa.and_(
        V.strategy_id == strategy.id,
        V.operation_type != _DELETED,
        V.transaction_id <= edition.transaction_id,
        sa.or_(V.end_transaction_id.is_(None), V.end_transaction_id > edition.transaction_id),
    )


def rows_at(*, session: Session, strategy: Strategy, edition: Edition | None, model: type[Any]) -> list[Any]:
    """The records of one kind in ``edition`` (none when the stage is not published), as rows of the
    columns the dashboard reads."""
    if edition is None:
        return []
    V = version_class(model)
    columns = [getattr(V, name) for name in COLUMNS[model]]
    return list(
        session.execute(sa.select(*columns).where(at_edition(V, strategy, edition)).order_by(V.id)).all()
    )


def voice_theme_counts(
    *, session: Session, strategy: Strategy, edition: Edition | None
) -> tuple[dict[int, int], int]:
    """How many voices of the listening edition carry each theme, and how many voices it has; never what
    anyone said.

    Counted from the ``VoiceTheme`` index of the place's voices as they are now, put back to the edition by
    the few voices created, changed or deleted after it: a voice unchanged since the edition has the same
    themes now as then. A place with voices in another strategy too cannot be counted from its index, so its
    edition's voices are counted one by one."""
    if edition is None:
        return {}, 0
    V = version_class(Voice)
    changed = list(
        session.exec(
            select(V.id)
            .where(V.strategy_id == strategy.id, V.transaction_id > edition.transaction_id)
            .distinct()
        ).all()
    )
    now = session.execute(
        sa.union_all(
            sa.select(col(VoiceTheme.theme_id), func.count())
            .where(col(VoiceTheme.place_id) == strategy.place_id)
            .group_by(col(VoiceTheme.theme_id)),
            sa.select(sa.literal(STRATEGY_VOICES), func.count()).where(col(Voice.strategy_id) == strategy.id),
            sa.select(sa.literal(PLACE_VOICES), func.count()).where(col(Voice.place_id) == strategy.place_id),
        )
    ).all()
    counts = dict(now)
    voices = counts.pop(STRATEGY_VOICES)
    if counts.pop(PLACE_VOICES) != voices:
        return _counted_one_by_one(session, strategy, edition)
    if changed:
        then_and_now = session.execute(
            sa.union_all(
                sa.select(V.theme_ids, sa.literal(1)).where(
                    col(V.id).in_(changed), at_edition(V, strategy, edition)
                ),
                sa.select(col(Voice.theme_ids), sa.literal(-1)).where(col(Voice.id).in_(changed)),
            )
        ).all()
        for theme_ids, sign in then_and_now:
            voices += sign
            for theme_id in theme_ids or []:
                counts[theme_id] = counts.get(theme_id, 0) + sign
    return {theme_id: count for theme_id, count in counts.items() if count > 0}, voices


def _counted_one_by_one(session: Session, strategy: Strategy, edition: Edition) -> tuple[dict[int, int], int]:
    """The edition's voices and their theme lists, counted in the database without the index."""
    V = version_class(Voice)
    voices = sa.select(V.id, V.theme_ids).where(at_edition(V, strategy, edition)).cte("voices")
    if session.get_bind().dialect.name == "sqlite":
        theme: Any = func.json_each(voices.c.theme_ids).table_valued("value")
    else:
        theme = func.json_array_elements_text(voices.c.theme_ids).table_valued("value").lateral()
    rows = session.execute(
        sa.union_all(
            sa.select(sa.null(), func.count()).select_from(voices),
            sa.select(theme.c.value, func.count())
            .select_from(voices)
            .join(theme, sa.true())
            .group_by(theme.c.value),
        )
    ).all()
    counts = {int(theme_id): int(count) for theme_id, count in rows if theme_id is not None}
    return counts, next(int(count) for theme_id, count in rows if theme_id is None)
