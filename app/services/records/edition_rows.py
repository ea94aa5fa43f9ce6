"""What a published edition holds, read cheaply for the councillor dashboard: a few columns of each kind of
record, and what the listening edition heard as counts of themes (never what anyone said).

The stage as it was at an edition is the version rows valid at its transaction, as ``editions.records_at``
reads it; these read the same rows, but only the columns the dashboard shows.
"""

from collections import defaultdict
from collections.abc import Sequence
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
    version_class,
)
from app.models.base import id_of
from app.services.listening import voice_counts

_DELETED = 2  # Continuum's operation type for a deletion

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
        "area_ids",
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
    Measurement: ("id", "indicator_id", "measured_on", "value", "ci_low", "ci_high", "sample_size"),
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


def rows_at(
    *,
    session: Session,
    strategy: Strategy,
    edition: Edition | None,
    model: type[Any],
    columns: Sequence[str] | None = None,
) -> list[Any]:
    """The records of one kind in ``edition`` (none when the stage is not published), as rows of
    ``columns``: by default the columns the dashboard reads."""
    if edition is None:
        return []
    V = version_class(model)
    selected = [getattr(V, name) for name in columns or COLUMNS[model]]
    return list(
        session.execute(sa.select(*selected).where(at_edition(V, strategy, edition)).order_by(V.id)).all()
    )


def voice_changes_since(*, session: Session, strategy: Strategy, edition: Edition) -> list[Any] | None:
    """What puts voice counts kept now back to ``edition``: for each voice created, changed or deleted after
    it, its area and themes as they were then (sign 1) and as they are now (sign -1), as rows
    ``(area_id, theme_ids, sign)``. None when no voice changed since, which is usual."""
    V = version_class(Voice)
    # Usually nothing changed since: the latest version says so from the index alone, where asking for the
    # versions after the edition can make PostgreSQL read all of the strategy's versions.
    latest = session.exec(select(func.max(V.transaction_id)).where(V.strategy_id == strategy.id)).one()
    if latest is None or latest <= edition.transaction_id:
        return None
    changed = list(
        session.exec(
            select(V.id)
            .where(V.strategy_id == strategy.id, V.transaction_id > edition.transaction_id)
            .distinct()
        ).all()
    )
    return list(
        session.execute(
            sa.union_all(
                sa.select(V.area_id, V.theme_ids, sa.literal(1)).where(
                    col(V.id).in_(changed), at_edition(V, strategy, edition)
                ),
                sa.select(col(Voice.area_id), col(Voice.theme_ids), sa.literal(-1)).where(
                    col(Voice.id).in_(changed)
                ),
            )
        ).all()
    )


def voice_theme_counts(
    *, session: Session, strategy: Strategy, edition: Edition | None
) -> tuple[dict[int, int], int]:
    """How many voices of the listening edition carry each theme, and how many voices it has; never what
    anyone said.

    Read from the strategy's voice counts as they are now, put back to the edition by the few voices
    created, changed or deleted after it: a voice unchanged since the edition has the same themes now as
    then."""
    if edition is None:
        return {}, 0
    changes = voice_changes_since(session=session, strategy=strategy, edition=edition)
    now = voice_counts.strategy_counts(
        session=session, strategy_id=id_of(strategy), facets=(voice_counts.ALL, voice_counts.THEME)
    )
    counts: dict[int, int] = defaultdict(int)
    for (_, theme_id), count in now.facet(voice_counts.THEME).items():
        counts[int(theme_id)] += count
    voices = now.total(voice_counts.ALL)
    for _, theme_ids, sign in changes or []:
        voices += sign
        for theme_id in theme_ids or []:
            counts[theme_id] = counts.get(theme_id, 0) + sign
    return {theme_id: count for theme_id, count in counts.items() if count > 0}, voices
