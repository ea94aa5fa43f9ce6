"""The sections of the strategy document, each read from one snapshot of its stage (the current drafts or
its latest published edition; an empty snapshot gives ``None``, shown as "Not yet published").

Rules enforced here:
- the document is made to be shared, so for every reader the small-count rule (``disclosure``) holds: what
  people raised is given as counts per theme and kind, and any count of people or of what they said from
  1 to 9 (participants, things said, a figure's sample size) reads "fewer than 10"; quotes are read only
  when asked for (those who may read drafts).
The progress section is in ``document_progress``.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import (
    ActionStatus,
    ListeningMethod,
    Strategy,
    StrengthKind,
    StrengthStatus,
    Theme,
    Trend,
    Voice,
    VoiceKind,
    VoiceTheme,
)
from app.services.outputs import action_progress, disclosure, exports
from app.services.outputs.disclosure import shown_text
from app.services.outputs.exports import Snapshot, Source
from app.services.records import edition_rows, values

TOP_THEMES = 10
QUOTED_THEMES = 5
QUOTES_PER_THEME = 2


@dataclass(frozen=True)
class ExerciseLine:
    title: str
    method: str
    start: date
    end: date | None
    participants: int | str | None  # a number, or "fewer than 10"
    areas: str


@dataclass(frozen=True)
class Heard:
    exercises: list[ExerciseLine]
    voices: int
    voices_shown: str  # ``voices`` as it may be shown
    kinds: list[tuple[str, str]]  # kind, count as it may be shown
    themes: list[tuple[str, str]]  # theme, count as it may be shown
    quotes: list[tuple[str, str]]  # theme, what was said (only for those who may read drafts)


@dataclass(frozen=True)
class Mapped:
    strengths: list[dict[str, Any]]
    struggles: list[dict[str, Any]]


@dataclass(frozen=True)
class PriorityLine:
    outcome: str
    description: str | None
    actions: list[dict[str, Any]]


@dataclass(frozen=True)
class Planned:
    priorities: list[PriorityLine]
    actions: int
    budget: int


def _names(ids: Any, names: dict[Any, str]) -> str:
    return ", ".join(names.get(i, f"#{i}") for i in ids or [])


def heard(
    session: Session, strategy: Strategy, snapshot: Snapshot, area_names: dict[Any, str], personal: bool
) -> Heard | None:
    if snapshot.empty:
        return None
    exercises = [
        ExerciseLine(
            title=row.title,
            method=ListeningMethod.label_of(row.method),
            start=row.start_date,
            end=row.end_date,
            participants=None if row.participants is None else disclosure.shown(row.participants),
            areas=_names(row.area_ids, area_names),
        )
        for row in sorted(
            exports.snapshot_rows(
                session=session, strategy=strategy, kind="listening_exercise", snapshot=snapshot
            ),
            key=lambda row: (row.start_date, row.id),
        )
    ]
    if snapshot.source is Source.draft:
        themes, kinds, quote_ids = _draft_counts(session, strategy)
    else:
        themes, kinds, quote_ids = _edition_counts(session, strategy, snapshot, personal)
    theme_names = dict(
        session.exec(
            select(Theme.id, Theme.name).where(
                col(Theme.id).in_([theme_id for theme_id, _ in themes.most_common(TOP_THEMES)])
            )
        ).all()
    )
    top = [(theme_names[t], count) for t, count in themes.most_common(TOP_THEMES) if t in theme_names]
    quotes: list[tuple[str, str]] = []
    if personal:
        wanted = {
            voice_id: theme_names[t]
            for t, _ in themes.most_common(QUOTED_THEMES)
            if t in theme_names
            for voice_id in quote_ids.get(t, [])[:QUOTES_PER_THEME]
        }
        statement = exports.snapshot_statement(Voice, ["id", "text"], strategy=strategy, snapshot=snapshot)
        texts = dict(session.exec(statement.where(statement.selected_columns["id"].in_(list(wanted)))).all())
        quotes = [(theme, texts[voice_id]) for voice_id, theme in wanted.items() if voice_id in texts]
    voices = sum(kinds.values())
    return Heard(
        exercises=exercises,
        voices=voices,
        voices_shown=shown_text(voices),
        kinds=[(kind.label, shown_text(kinds.get(kind.value, 0), none="None")) for kind in VoiceKind],
        themes=[(name, shown_text(count, none="None")) for name, count in top],
        quotes=quotes,
    )


def _draft_counts(
    session: Session, strategy: Strategy
) -> tuple[Counter[int], Counter[str], dict[int, list[int]]]:
    """Counts by theme and kind from the theme index, in grouped queries whatever the number of voices."""
    themes: Counter[int] = Counter(
        dict(
            session.exec(
                select(VoiceTheme.theme_id, func.count())
                .join(Voice, col(Voice.id) == col(VoiceTheme.voice_id))
                .where(Voice.strategy_id == strategy.id)
                .group_by(col(VoiceTheme.theme_id))
            ).all()
        )
    )
    kinds: Counter[str] = Counter(
        dict(
            session.exec(
                select(Voice.kind, func.count())
                .where(Voice.strategy_id == strategy.id)
                .group_by(col(Voice.kind))
            ).all()
        )
    )
    quote_ids: dict[int, list[int]] = {}
    for theme_id, _ in themes.most_common(QUOTED_THEMES):
        quote_ids[theme_id] = list(
            session.exec(
                select(VoiceTheme.voice_id)
                .join(Voice, col(Voice.id) == col(VoiceTheme.voice_id))
                .where(VoiceTheme.theme_id == theme_id, Voice.strategy_id == strategy.id)
                .order_by(col(VoiceTheme.voice_id))
                .limit(QUOTES_PER_THEME)
            ).all()
        )
    return themes, kinds, quote_ids


def _edition_counts(
    session: Session, strategy: Strategy, snapshot: Snapshot, personal: bool
) -> tuple[Counter[int], Counter[str], dict[int, list[int]]]:
    """Counts by theme and kind of the voices as they were at the edition, without reading every voice:
    the themes from the strategy's voice counts put back to the edition (as the dashboard has them), the
    kinds in one grouped query. Quotes (``personal`` only) are each top theme's earliest voices at the
    edition, read in id order only until every top theme has its quotes."""
    assert snapshot.edition is not None
    theme_counts, _ = edition_rows.voice_theme_counts(
        session=session, strategy=strategy, edition=snapshot.edition
    )
    themes: Counter[int] = Counter(theme_counts)
    kind_statement = exports.snapshot_statement(Voice, ["kind"], strategy=strategy, snapshot=snapshot)
    kind_column = kind_statement.selected_columns["kind"]
    kinds: Counter[str] = Counter(
        dict(session.execute(kind_statement.add_columns(func.count()).group_by(kind_column)).all())
    )
    quote_ids: dict[int, list[int]] = defaultdict(list)
    if not personal:
        return themes, kinds, quote_ids
    wanted = {theme_id: min(count, QUOTES_PER_THEME) for theme_id, count in themes.most_common(QUOTED_THEMES)}
    statement = exports.snapshot_statement(Voice, ["id", "theme_ids"], strategy=strategy, snapshot=snapshot)
    statement = statement.order_by(statement.selected_columns["id"]).execution_options(
        yield_per=exports.BATCH
    )
    for voice_id, theme_ids in session.exec(statement):
        for theme_id in theme_ids or []:
            if len(quote_ids[theme_id]) < wanted.get(theme_id, 0):
                quote_ids[theme_id].append(voice_id)
        if all(len(quote_ids[theme_id]) >= n for theme_id, n in wanted.items()):
            break
    return themes, kinds, quote_ids


def mapped(
    session: Session, strategy: Strategy, snapshot: Snapshot, area_names: dict[Any, str]
) -> Mapped | None:
    if snapshot.empty:
        return None
    strengths = exports.snapshot_rows(session=session, strategy=strategy, kind="strength", snapshot=snapshot)
    struggles = exports.snapshot_rows(session=session, strategy=strategy, kind="struggle", snapshot=snapshot)
    return Mapped(
        strengths=[
            {
                "name": row.name,
                "kind": StrengthKind.label_of(row.kind),
                "status": StrengthStatus.label_of(row.status),
                "organisation": row.organisation or "",
                "areas": _names(row.area_ids, area_names),
            }
            for row in sorted(strengths, key=lambda row: (row.name.lower(), row.id))
        ],
        struggles=[
            {
                "title": row.title,
                "severity": row.severity,
                "trend": Trend.label_of(row.trend),
                "areas": _names(row.area_ids, area_names),
                "description": row.description or "",
            }
            for row in sorted(struggles, key=lambda row: (-row.severity, row.title.lower(), row.id))
        ],
    )


def planned(
    session: Session, strategy: Strategy, snapshot: Snapshot, tracked: Snapshot | None = None
) -> Planned | None:
    """The plan, each action's status and percent from its latest update in ``tracked`` (the progress
    stage's snapshot), as the dashboard gives them."""
    if snapshot.empty:
        return None
    updates = (
        action_progress.latest_updates(
            exports.snapshot_rows(session=session, strategy=strategy, kind="action_update", snapshot=tracked)
        )
        if tracked is not None and not tracked.empty
        else {}
    )
    priorities = sorted(
        exports.snapshot_rows(session=session, strategy=strategy, kind="priority", snapshot=snapshot),
        key=lambda row: (row.position, row.id),
    )
    actions = sorted(
        exports.snapshot_rows(session=session, strategy=strategy, kind="action", snapshot=snapshot),
        key=lambda row: (row.start_date, row.id),
    )
    by_priority: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    known = {row.id for row in priorities}
    for row in actions:
        update = updates.get(row.id)
        now = action_progress.progress_of(row, update)
        by_priority[row.priority_id if row.priority_id in known else None].append(
            {
                "title": row.title,
                "lead": row.lead_organisation,
                "start": row.start_date,
                "end": row.end_date,
                "status": ActionStatus.label_of(now.status),
                "percent": now.percent,
                "budget": row.budget,
                "milestones": [
                    values.milestone(item) for item in row.milestones or [] if isinstance(item, dict)
                ],
                # What the update that status and percent come from says happened.
                "update": (
                    {"period_end": update.period_end, "what_happened": update.what_happened}
                    if update is not None and update.what_happened
                    else None
                ),
            }
        )
    lines = [PriorityLine(row.outcome, row.description, by_priority.get(row.id, [])) for row in priorities]
    if by_priority.get(None):
        lines.append(PriorityLine("Actions not linked to a priority", None, by_priority[None]))
    return Planned(priorities=lines, actions=len(actions), budget=sum(row.budget or 0 for row in actions))
