"""The strategy document's progress section: each indicator's curve with every figure in its table (interval,
sample size and source), and the actions' latest updates, all read as at the progress edition, so figures
are never paired with a later draft of their indicator. A sample size from 1 to 9 reads "fewer than 10".
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import ActionStatus, Strategy
from app.services.outputs import disclosure, exports
from app.services.outputs.exports import Snapshot
from app.services.progress import curve as curve_rule
from app.services.progress import service as progress
from app.text import with_unit

# Appendix A's introduction: the appendix gives one line per indicator, the chart's table every figure.
GLANCE = (
    "Each indicator’s baseline, latest figure and target. Every figure, with its 95% confidence interval, "
    "sample size and source, is in the table under the indicator’s chart in the Progress section."
)
# In place of the latest updates, when the action plan is shown too: the plan gives each action's status,
# share done and what happened from its latest update, so the updates are not repeated.
BESIDE_PLAN = (
    "Each action’s latest update is in the action plan, with the action: its status, how much of it is "
    "done and what happened."
)
NO_INTERVAL = "Not known"


@dataclass(frozen=True)
class IndicatorChart:
    name: str
    unit: str
    question: str | None
    status: str
    summary: str
    svg: str
    # The chart's table: baseline, each figure and the target in date order, with intervals, sample sizes
    # and sources. The document gives each figure once, here; its appendix has one line per indicator.
    figures: list[dict[str, Any]]
    source: str | None  # the one source of every figure, given once above the table; None when none is given
    sources_differ: bool  # then each figure's source has a column of its own
    # A column none of whose cells would say anything is left out: most counts (of incidents, of people
    # using a service) have no interval and no sample size.
    has_intervals: bool
    has_samples: bool
    baseline: dict[str, Any] | None  # {"date", "value"} as shown
    latest: dict[str, Any] | None
    target: dict[str, Any] | None


@dataclass(frozen=True)
class Progressed:
    indicators: list[IndicatorChart]
    updates: list[dict[str, Any]]


def progressed(session: Session, strategy: Strategy, snapshot: Snapshot) -> Progressed | None:
    if snapshot.empty:
        return None
    indicators = sorted(
        exports.snapshot_rows(session=session, strategy=strategy, kind="indicator", snapshot=snapshot),
        key=lambda row: (row.kind != "population", row.name.lower(), row.id),
    )
    measurements: dict[int, list[Any]] = defaultdict(list)
    for row in sorted(
        exports.snapshot_rows(session=session, strategy=strategy, kind="measurement", snapshot=snapshot),
        key=lambda row: (row.measured_on, row.id),
    ):
        measurements[row.indicator_id].append(row)
    charts = []
    for indicator in indicators:
        figures = measurements.get(indicator.id, [])
        curve, svg = progress.curve_of(indicator, figures, chart_id=f"document-curve-{indicator.id}")
        rows = _figures(indicator, figures)
        charts.append(
            IndicatorChart(
                name=indicator.name,
                unit=indicator.unit,
                question=indicator.question,
                status=curve.label,
                summary=curve.summary,
                svg=svg,
                figures=rows,
                source=_one_source(figures),
                sources_differ=len({row.source or "" for row in figures}) > 1,
                has_intervals=any(row["interval"] not in ("", NO_INTERVAL) for row in rows),
                has_samples=any(row["sample"] is not None for row in rows),
                baseline=next((row for row in rows if row["what"] == "Baseline"), None),
                latest=next((row for row in reversed(rows) if row["what"] == "Figure"), None),
                target=next((row for row in rows if row["what"] == "Target"), None),
            )
        )
    names = exports.load_lookups(
        session=session, strategy=strategy, snapshot=snapshot, wanted=frozenset({"action"})
    )
    latest: dict[int, Any] = {}
    for row in sorted(
        exports.snapshot_rows(session=session, strategy=strategy, kind="action_update", snapshot=snapshot),
        key=lambda row: (row.period_end, row.id),
    ):
        latest[row.action_id] = row
    updates = [
        {
            "action": names.name("action", row.action_id),
            "period_end": row.period_end,
            "status": ActionStatus.label_of(row.status),
            "percent": row.percent_complete,
            "what_happened": row.what_happened,
        }
        for row in sorted(latest.values(), key=lambda row: (row.period_end, row.id), reverse=True)
    ]
    return Progressed(indicators=charts, updates=updates)


def _figures(indicator: Any, figures: list[Any]) -> list[dict[str, Any]]:
    unit = indicator.unit
    rows = [
        {
            "date": row.measured_on,
            "what": "Figure",
            "value": with_unit(row.value, unit),
            "interval": _interval(row, unit),
            "sample": None if row.sample_size is None else disclosure.shown(row.sample_size),
            "source": row.source or "",
        }
        for row in figures
    ]
    for what, on, value in (
        ("Baseline", indicator.baseline_date, indicator.baseline_value),
        ("Target", indicator.target_date, indicator.target_value),
    ):
        if on is not None and value is not None:
            rows.append(
                {
                    "date": on,
                    "what": what,
                    "value": with_unit(value, unit),
                    "interval": "",
                    "sample": None,
                    "source": "",
                }
            )
    return sorted(rows, key=lambda row: (row["date"], row["what"] != "Baseline"))


def _one_source(figures: list[Any]) -> str | None:
    sources = {row.source or "" for row in figures}
    return sources.pop() or None if len(sources) == 1 else None


def _interval(row: Any, unit: str) -> str:
    if row.ci_low is None and row.sample_size is not None and not disclosure.may_show_count(row.sample_size):
        return f"Not shown: from {disclosure.FEWER} people"
    found = curve_rule.interval(
        curve_rule.Point(row.measured_on, row.value, row.ci_low, row.ci_high, row.sample_size), unit
    )
    if found is None:
        return NO_INTERVAL
    given = "" if row.ci_low is not None else " (from the sample size)"
    return f"{with_unit(f'{found[0]:.1f}', unit)} to {with_unit(f'{found[1]:.1f}', unit)}{given}"
