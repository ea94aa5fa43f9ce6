"""You said, we did: what residents raised in each area, beside the actions answering it.

Rules enforced here, for every page that shows it (the progress stage, the councillor dashboard, the public
pages), so they cannot disagree:
- an area's "you said" is the themes raised most there; counts follow the small-count rule (``disclosure``)
  and themes whose count it withholds come after the rest, by name, so their order gives nothing away;
- an action answers a theme in an area when one of its struggles (its own or its priority's) has that theme
  and the action covers the area: its areas, or the whole place when it has none. So a place-wide action
  appears in every area that raised a theme it answers. (Where a struggle was found says what it is about,
  not where the action works.)
- each answer carries the action's latest update by the period it covers (``action_progress``), from the
  same snapshot as the rest: published editions for councillors and residents, drafts on the stage's page.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Area,
    Edition,
    Priority,
    Strategy,
    Struggle,
    Theme,
)
from app.models.base import id_of
from app.services.listening import voice_counts
from app.services.outputs import action_progress, disclosure
from app.services.records.edition_rows import COLUMNS, rows_at, voice_changes_since

TOP = 5

# The dashboard's columns of actions and updates, and how often an action's update is due.
ACTION_COLUMNS = (*COLUMNS[Action], "update_every_months")
STRUGGLE_COLUMNS = ("id", "theme_ids")
PRIORITY_COLUMNS = ("id", "struggle_ids")
UPDATE_COLUMNS = COLUMNS[ActionUpdate]


@dataclass(frozen=True)
class RaisedTheme:
    theme_id: int
    name: str
    shown: str  # how many raised it, as it may be shown: "24" or "fewer than 10"


@dataclass(frozen=True)
class Answer:
    action_id: int
    title: str
    lead_organisation: str
    status: str  # an ActionStatus value, from the latest update
    percent: int
    themes: list[str]  # the raised themes it answers, by name
    place_wide: bool
    update: str | None  # what happened, from the latest update
    update_on: date | None  # the end of the period that update covers

    @property
    def status_label(self) -> str:
        return (
            ActionStatus(self.status).label if self.status in ActionStatus._value2member_map_ else self.status
        )


@dataclass(frozen=True)
class AreaSaidDid:
    area_id: int
    area: str
    themes: list[RaisedTheme]
    answers: list[Answer]


@dataclass(frozen=True)
class Snapshot:
    """What "you said, we did" is worked out from: one strategy's records as one reader may see them."""

    areas: Sequence[tuple[int, str]]
    counts: Mapping[int, Mapping[int, int]]  # area id -> theme id -> voices
    theme_names: Mapping[int, str]
    struggles: Sequence[Any]
    priorities: Sequence[Any]
    actions: Sequence[Any]
    updates: Sequence[Any]


def said_did(snapshot: Snapshot, *, top: int = TOP) -> list[AreaSaidDid]:
    """Per area where something was raised: its top themes and the actions answering them."""
    struggles = {row.id: row for row in snapshot.struggles}
    priority_struggles = {row.id: set(row.struggle_ids or []) for row in snapshot.priorities}
    latest = action_progress.latest_updates(snapshot.updates)
    result = []
    for area_id, area_name in snapshot.areas:
        raised = _raised(snapshot.counts.get(area_id, {}), snapshot.theme_names, top)
        if not raised:
            continue
        wanted = {theme.theme_id: theme.name for theme in raised}
        answers = []
        for action in sorted(snapshot.actions, key=lambda a: (a.start_date, a.id)):
            action_areas = set(action.area_ids or [])
            if action_areas and area_id not in action_areas:
                continue
            linked = set(action.struggle_ids or []) | priority_struggles.get(action.priority_id, set())
            answered: set[int] = set()
            for struggle_id in linked:
                struggle = struggles.get(struggle_id)
                if struggle is not None:
                    answered |= set(struggle.theme_ids or []) & set(wanted)
            if answered:
                answers.append(_answer(action, latest.get(action.id), [wanted[t] for t in sorted(answered)]))
        result.append(AreaSaidDid(area_id=area_id, area=area_name, themes=raised, answers=answers))
    return result


def _raised(counts: Mapping[int, int], names: Mapping[int, str], top: int) -> list[RaisedTheme]:
    known = [(t, n) for t, n in counts.items() if t in names and n > 0]
    most = sorted(known, key=lambda pair: (-pair[1], names[pair[0]]))[:top]
    shown = [pair for pair in most if disclosure.may_show_count(pair[1])]
    withheld = sorted(
        (pair for pair in most if not disclosure.may_show_count(pair[1])), key=lambda p: names[p[0]]
    )
    return [RaisedTheme(t, names[t], disclosure.shown_text(n)) for t, n in shown + withheld]


def _answer(action: Any, update: Any | None, themes: list[str]) -> Answer:
    now = action_progress.progress_of(action, update)
    return Answer(
        action_id=action.id,
        title=action.title,
        lead_organisation=action.lead_organisation,
        status=now.status,
        percent=now.percent,
        themes=themes,
        place_wide=not action.area_ids,
        update=update.what_happened if update is not None else None,
        update_on=update.period_end if update is not None else None,
    )


# --- Snapshots -----------------------------------------------------------------------------------------


def _areas(session: Session, strategy: Strategy) -> list[tuple[int, str]]:
    rows = session.exec(
        select(Area.id, Area.name).where(Area.place_id == strategy.place_id).order_by(col(Area.name))
    ).all()
    return [(int(area_id), name) for area_id, name in rows if area_id is not None]


def _theme_names(session: Session, counts: Mapping[int, Mapping[int, int]]) -> dict[int, str]:
    wanted = {t for by_theme in counts.values() for t in by_theme}
    if not wanted:
        return {}
    rows = session.exec(select(Theme.id, Theme.name).where(col(Theme.id).in_(wanted))).all()
    return {int(theme_id): name for theme_id, name in rows if theme_id is not None}


def _counts_now(session: Session, strategy: Strategy) -> dict[int, dict[int, int]]:
    now = voice_counts.strategy_counts(
        session=session, strategy_id=id_of(strategy), facets=(voice_counts.THEME,)
    ).facet(voice_counts.THEME)
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for (area_id, theme_id), voices in now.items():
        if area_id != voice_counts.NO_AREA:
            counts[area_id][int(theme_id)] = voices
    return counts


def drafts(*, session: Session, strategy: Strategy) -> Snapshot:
    """The strategy as it is now, for those who may read drafts."""
    counts = _counts_now(session, strategy)

    def rows(model: type[Any], columns: Sequence[str]) -> list[Any]:
        table_columns = [getattr(model, name) for name in columns]
        return list(
            session.execute(
                sa.select(*table_columns).where(model.strategy_id == strategy.id).order_by(model.id)
            ).all()
        )

    return Snapshot(
        areas=_areas(session, strategy),
        counts=counts,
        theme_names=_theme_names(session, counts),
        struggles=rows(Struggle, STRUGGLE_COLUMNS),
        priorities=rows(Priority, PRIORITY_COLUMNS),
        actions=rows(Action, ACTION_COLUMNS),
        updates=rows(ActionUpdate, UPDATE_COLUMNS),
    )


def published(*, session: Session, strategy: Strategy, latest: Mapping[str, Edition]) -> Snapshot:
    """The strategy as its latest published editions have it: what residents and councillors may see."""
    counts = published_counts(session=session, strategy=strategy, edition=latest.get("listening"))

    def rows(model: type[Any], columns: Sequence[str], stage: str) -> list[Any]:
        return rows_at(
            session=session, strategy=strategy, edition=latest.get(stage), model=model, columns=columns
        )

    return Snapshot(
        areas=_areas(session, strategy),
        counts=counts,
        theme_names=_theme_names(session, counts),
        struggles=rows(Struggle, STRUGGLE_COLUMNS, "mapping"),
        priorities=rows(Priority, PRIORITY_COLUMNS, "plan"),
        actions=rows(Action, ACTION_COLUMNS, "plan"),
        updates=rows(ActionUpdate, UPDATE_COLUMNS, "progress"),
    )


def published_counts(
    *, session: Session, strategy: Strategy, edition: Edition | None
) -> dict[int, dict[int, int]]:
    """Voices of the listening edition by area and theme: the counts kept now, put back to the edition by
    the few voices created, changed or deleted after it (as ``edition_rows.voice_theme_counts`` does for
    the whole place)."""
    if edition is None:
        return {}
    counts = _counts_now(session, strategy)
    changes = voice_changes_since(session=session, strategy=strategy, edition=edition)
    if changes is None:
        return counts
    for area_id, theme_ids, sign in changes:
        if area_id is None:
            continue
        by_theme = counts.setdefault(int(area_id), {})
        for theme_id in set(theme_ids or []):
            by_theme[int(theme_id)] = by_theme.get(int(theme_id), 0) + sign
    return {
        area: {t: n for t, n in by_theme.items() if n > 0} for area, by_theme in counts.items() if by_theme
    }
