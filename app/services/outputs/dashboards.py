"""The councillor dashboard: a strategy in plain English, from its latest published editions only.

Rules enforced here:
- everything comes from the latest edition of each stage (``editions.latest_editions`` and the stage as it
  was at that edition), never from drafts: a record added or changed after an edition is not shown until the
  next edition is published;
- a stage with no edition says so, and every section says which edition it comes from and when;
- an action's status follows its latest published update (the progress rule), and its status in the plan
  edition when it has none;
- what residents said is shown as counts of themes only, never as text, and any count below
  ``disclosure.MINIMUM`` (10) is shown as "fewer than 10".
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Edition,
    Indicator,
    Measurement,
    Polarity,
    Priority,
    Strategy,
    Theme,
)
from app.models.base import id_of
from app.services.outputs import action_progress, curve_chart, disclosure
from app.services.outputs.disclosure import shown_text
from app.services.outputs.kept import Kept
from app.services.progress import curve
from app.services.progress import service as progress
from app.services.records import editions
from app.services.records.edition_rows import rows_at, voice_theme_counts
from app.stages import STAGES, Stage
from app.text import with_unit

TOP_THEMES = 10
STATUS_LABELS = {status.value: status.label for status in ActionStatus}


@dataclass(frozen=True)
class StageLine:
    stage: Stage
    edition: Edition | None  # the latest published edition, or None: not published yet


@dataclass(frozen=True)
class ActionLine:
    title: str
    lead_organisation: str
    status: str  # ActionStatus value
    status_label: str
    percent_complete: int
    end_date: date


@dataclass(frozen=True)
class PriorityBlock:
    outcome: str
    by_status: list[tuple[str, list[ActionLine]]]  # (status label, actions), in the order of ActionStatus
    count: int


@dataclass(frozen=True)
class FigureRow:
    on: date
    value: str
    what: str  # "Baseline", "Figure" or "Target"


@dataclass(frozen=True)
class IndicatorPanel:
    id: int
    name: str
    question: str | None
    polarity: str
    curve: curve.Curve
    svg: str  # in English
    rows: list[FigureRow]
    draw: Callable[[curve_chart.ChartWords], str]  # the chart in another language's words


@dataclass(frozen=True)
class ThemeCount:
    name: str
    shown: str  # a count, or "fewer than 10"


@dataclass(frozen=True)
class Sections:
    """What the dashboard shows of its editions: plain data, the same for as long as the editions are."""

    priorities: list[PriorityBlock]
    status_counts: list[tuple[str, int]]
    indicators: list[IndicatorPanel]
    themes: list[ThemeCount]
    voices_heard: str


@dataclass(frozen=True)
class Dashboard(Sections):
    stages: list[StageLine]
    editions: dict[str, Edition]  # stage slug -> the edition each section comes from
    minimum_group: int
    rule: str


EditionStamp = tuple[str, int, int, str]
EditionsKey = tuple[int, tuple[EditionStamp, ...]]


def edition_stamps(latest: Mapping[str, Edition]) -> tuple[EditionStamp, ...]:
    """The latest editions, stage by stage, as part of a key for what is worked out from them: each with
    its transaction and time of publication, which tell apart databases that reuse numbers."""
    return tuple(
        sorted(
            (slug, id_of(edition), edition.transaction_id, edition.published_at.isoformat())
            for slug, edition in latest.items()
        )
    )


SECTIONS_KEPT = 256  # strategies whose dashboards each worker keeps ready
_SECTIONS: Kept[EditionsKey, Sections] = Kept(SECTIONS_KEPT)


def councillor_dashboard(*, session: Session, strategy: Strategy) -> Dashboard:
    """The dashboard of ``strategy`` from its latest published editions, in a fixed number of queries.

    A published edition never changes, so each worker works the sections out once per set of latest
    editions and keeps them (``SECTIONS_KEPT`` strategies, least recently read dropped first); publishing a
    new edition changes the key, so nothing is ever shown from an edition that is no longer the latest."""
    latest = editions.latest_editions(session=session, strategy=strategy)
    key: EditionsKey = (id_of(strategy), edition_stamps(latest))
    sections = _SECTIONS.get_or_work_out(key, lambda: _sections(session, strategy, latest))
    return Dashboard(
        **{part.name: getattr(sections, part.name) for part in fields(Sections)},
        stages=[StageLine(stage=stage, edition=latest.get(stage.slug)) for stage in STAGES],
        editions=latest,
        minimum_group=disclosure.MINIMUM,
        rule=curve.RULE,
    )


def forget_dashboards() -> None:
    """Drop every kept dashboard (a restored database can reuse ids with other contents)."""
    _SECTIONS.clear()


def _sections(session: Session, strategy: Strategy, latest: dict[str, Edition]) -> Sections:
    plan, tracked = latest.get("plan"), latest.get("progress")
    priorities = rows_at(session=session, strategy=strategy, edition=plan, model=Priority)
    action_rows = rows_at(session=session, strategy=strategy, edition=plan, model=Action)
    theme_counts, voices = voice_theme_counts(
        session=session, strategy=strategy, edition=latest.get("listening")
    )
    theme_names = _theme_names(session, set(theme_counts))

    updates = _latest_updates(
        rows_at(session=session, strategy=strategy, edition=tracked, model=ActionUpdate)
    )
    action_rows.sort(key=lambda a: (a.start_date, a.id))
    actions = {row.id: _action_line(row, updates.get(row.id)) for row in action_rows}
    return Sections(
        priorities=_priorities(priorities, action_rows, actions),
        status_counts=_status_counts(actions.values()),
        indicators=_indicators(
            rows_at(session=session, strategy=strategy, edition=plan, model=Indicator),
            rows_at(session=session, strategy=strategy, edition=tracked, model=Measurement),
        ),
        themes=_themes_heard(theme_counts, theme_names),
        voices_heard=shown_text(voices, none="None"),
    )


def _theme_names(session: Session, theme_ids: set[int]) -> dict[int, str]:
    if not theme_ids:
        return {}
    rows = session.exec(select(Theme.id, Theme.name).where(col(Theme.id).in_(theme_ids))).all()
    return {theme_id: name for theme_id, name in rows if theme_id is not None}


def _latest_updates(rows: Sequence[Any]) -> dict[int, Any]:
    return action_progress.latest_updates(rows)


def _action_line(row: Any, update: Any | None) -> ActionLine:
    progress_now = action_progress.progress_of(row, update)
    return ActionLine(
        title=row.title,
        lead_organisation=row.lead_organisation,
        status=progress_now.status,
        status_label=STATUS_LABELS.get(progress_now.status, progress_now.status),
        percent_complete=progress_now.percent,
        end_date=row.end_date,
    )


def _by_status(lines: Sequence[ActionLine]) -> list[tuple[str, list[ActionLine]]]:
    return [
        (status.label, [line for line in lines if line.status == status.value])
        for status in ActionStatus
        if any(line.status == status.value for line in lines)
    ]


def _priorities(
    priorities: Sequence[Any], action_rows: Sequence[Any], actions: dict[int, ActionLine]
) -> list[PriorityBlock]:
    grouped: dict[int | None, list[ActionLine]] = defaultdict(list)
    known = {p.id for p in priorities}
    for row in action_rows:
        grouped[row.priority_id if row.priority_id in known else None].append(actions[row.id])
    blocks = [
        PriorityBlock(outcome=p.outcome, by_status=_by_status(grouped[p.id]), count=len(grouped[p.id]))
        for p in sorted(priorities, key=lambda p: (p.position, p.id))
    ]
    if grouped[None]:
        blocks.append(
            PriorityBlock(
                outcome="Actions not under a priority",
                by_status=_by_status(grouped[None]),
                count=len(grouped[None]),
            )
        )
    return blocks


def _status_counts(lines: Iterable[ActionLine]) -> list[tuple[str, int]]:
    counts = Counter(line.status for line in lines)
    return [(status.label, counts.get(status.value, 0)) for status in ActionStatus]


def _figure(value: float, unit: str) -> str:
    return with_unit(value, unit)


def _indicators(indicators: Sequence[Any], measurements: Sequence[Any]) -> list[IndicatorPanel]:
    by_indicator: dict[int, list[Any]] = defaultdict(list)
    for row in sorted(measurements, key=lambda m: (m.measured_on, m.id)):
        by_indicator[row.indicator_id].append(row)
    panels = []
    for row in sorted(indicators, key=lambda i: (i.kind != "population", i.name, i.id)):
        figures = by_indicator[row.id]
        result, draw = progress.curve_drawing(row, figures)
        table = [FigureRow(m.measured_on, _figure(m.value, row.unit), "Figure") for m in figures]
        if row.baseline_date and row.baseline_value is not None:
            table.append(FigureRow(row.baseline_date, _figure(row.baseline_value, row.unit), "Baseline"))
        if row.target_date and row.target_value is not None:
            table.append(FigureRow(row.target_date, _figure(row.target_value, row.unit), "Target"))
        panels.append(
            IndicatorPanel(
                id=row.id,
                name=row.name,
                question=row.question,
                polarity=Polarity(row.polarity).label,
                curve=result,
                svg=draw(curve_chart.ENGLISH),
                rows=sorted(table, key=lambda r: (r.on, r.what != "Baseline")),
                draw=draw,
            )
        )
    return panels


def _themes_heard(counts: dict[int, int], names: dict[int, str]) -> list[ThemeCount]:
    """The most raised themes with their counts; small counts are suppressed and listed after the rest by
    name, so their order gives nothing away."""
    known = {t: n for t, n in counts.items() if t in names}
    large = sorted(
        ((t, n) for t, n in known.items() if disclosure.may_show_count(n)), key=lambda p: (-p[1], names[p[0]])
    )
    small = sorted((t for t, n in known.items() if not disclosure.may_show_count(n)), key=lambda t: names[t])
    shown = [ThemeCount(names[t], shown_text(n, none="None")) for t, n in large]
    shown += [ThemeCount(names[t], shown_text(known[t], none="None")) for t in small]
    return shown[:TOP_THEMES]
