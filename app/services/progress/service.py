"""Progress: updates on actions, measurements of indicators, the overview and "You said, we did".

Rules enforced here:
- an action's status and percent complete follow its latest update (by period), written as a new version of
  the action, so the plan shows the same as the progress reports;
- an action that has started and is neither complete nor stopped is overdue when its last update (or its
  start, if it has none) is more than ``update_every_months`` months ago;
- for a survey percentage with a sample size and no interval, the 95% confidence interval is worked out
  (normal approximation, p ± 1.96 √(p(1 − p)/n)).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, date

from sqlmodel import Session, col, select

from app.errors import FieldError
from app.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Indicator,
    Measurement,
    Polarity,
    Strategy,
    User,
)
from app.models.base import id_of
from app.schemas.progress import MeasurementForm, StoryForm, UpdateForm
from app.services.listening.redaction import redact
from app.services.outputs import curve_chart
from app.services.plan import indicators as plan_indicators
from app.services.plan import service as plan
from app.services.progress import curve
from app.services.records import values
from app.services.records.versioning import create_in_strategy, save_record

CLOSED = {ActionStatus.complete.value, ActionStatus.stopped.value}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    if year > MAXYEAR:
        return date.max  # a date saved before dates were limited to 1900–2100 must not break the overdue list
    days_in_month = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, days_in_month))


# --- Updates -------------------------------------------------------------------------------------------


def updates_of(*, session: Session, action: Action) -> list[ActionUpdate]:
    return list(
        session.exec(
            select(ActionUpdate)
            .where(ActionUpdate.action_id == action.id)
            .order_by(col(ActionUpdate.period_end).desc(), col(ActionUpdate.id).desc())
        ).all()
    )


def open_milestones(action: Action) -> list[tuple[str, str]]:
    """The action's milestones not yet done, as choices for an update (by their place in the list)."""
    return [
        (str(index), values.milestone(item).removesuffix(" (not done yet)"))
        for index, item in enumerate(action.milestones or [])
        if isinstance(item, dict) and not item.get("done")
    ]


def create_update(
    *, session: Session, strategy: Strategy, action: Action, actor: User, form: UpdateForm
) -> ActionUpdate:
    """Refused for an action that is complete or stopped: reopen it in the plan first. Milestones ticked as
    reached are marked done in the plan, in the same change as the update's status and percent."""
    if action.status in CLOSED:
        label = ActionStatus(action.status).label.lower()
        raise FieldError(
            "status", f"This action is {label}. Change its status in the plan before recording more updates"
        )
    open_now = {int(index) for index, _ in open_milestones(action)}
    reached = [index for index in form.milestones_done if index in open_now]
    if len(reached) < len(form.milestones_done):
        raise FieldError("milestones_done", "Tick only milestones of this action that are not done yet")
    update = create_in_strategy(
        ActionUpdate,
        session=session,
        strategy=strategy,
        actor=actor,
        note=form.note,
        action_id=id_of(action),
        period_end=form.period_end,
        status=form.status,
        percent_complete=form.percent_complete,
        what_happened=form.what_happened,
        blockers=form.blockers,
        evidence=form.evidence,
        spent=form.spent,
    )
    changes: dict[str, object] = {}
    if reached:
        changes["milestones"] = [
            {**item, "done": True} if index in reached else item
            for index, item in enumerate(action.milestones)
        ]
    latest = updates_of(session=session, action=action)[0]
    if latest.id == update.id and (action.status, action.percent_complete) != (
        update.status,
        update.percent_complete,
    ):
        changes |= {"status": update.status, "percent_complete": update.percent_complete}
    if changes:
        save_record(
            session=session,
            record=action,
            actor=actor,
            expected_version=None,
            changes=changes,
            note=f"From the update for the period ending {form.period_end.day} {form.period_end:%B %Y}",
        )
    return update


def overdue_actions(*, session: Session, strategy: Strategy, today: date) -> list[tuple[Action, date]]:
    """Open actions whose next update was due before today, with the date it was due."""
    last: dict[int, date] = {}
    for update in session.exec(select(ActionUpdate).where(ActionUpdate.strategy_id == strategy.id)).all():
        last[update.action_id] = max(update.period_end, last.get(update.action_id, update.period_end))
    result = []
    for action in plan.list_actions(session=session, strategy=strategy):
        if action.status in CLOSED or action.start_date > today:
            continue
        due = add_months(last.get(id_of(action), action.start_date), max(action.update_every_months, 1))
        if due < today:
            result.append((action, due))
    return result


# --- Measurements and curves ---------------------------------------------------------------------------


def confidence_interval(value: float, sample_size: int) -> tuple[float, float]:
    """``curve.percent_interval``, to one decimal place, as it is stored with a figure."""
    low, high = curve.percent_interval(value, sample_size)
    return round(low, 1), round(high, 1)


def measurements_of(*, session: Session, indicator: Indicator) -> list[Measurement]:
    return list(
        session.exec(
            select(Measurement)
            .where(Measurement.indicator_id == indicator.id)
            .order_by(col(Measurement.measured_on))
        ).all()
    )


def create_measurement(
    *, session: Session, strategy: Strategy, indicator: Indicator, actor: User, form: MeasurementForm
) -> Measurement:
    """A figure from before the baseline is history for the forecast: saved only once confirmed."""
    baseline = indicator.baseline_date
    if baseline and form.measured_on < baseline and not form.confirm_history:
        raise FieldError(
            "confirm_history",
            f"This figure is dated before the baseline ({baseline.day} {baseline:%B %Y}). "
            "Tick the box to keep it as history, or correct the date",
        )
    low, high = form.ci_low, form.ci_high
    if form.sample_size and low is None and high is None and indicator.unit.strip() == "%":
        low, high = confidence_interval(form.value, form.sample_size)
    return create_in_strategy(
        Measurement,
        session=session,
        strategy=strategy,
        actor=actor,
        note=form.note,
        indicator_id=id_of(indicator),
        measured_on=form.measured_on,
        value=form.value,
        source=form.source,
        # Notes can quote residents, so they are redacted like every other way their words come in.
        notes=redact(form.notes).text if form.notes else form.notes,
        sample_size=form.sample_size,
        ci_low=low,
        ci_high=high,
    )


def save_story(
    *, session: Session, indicator: Indicator, actor: User, form: StoryForm, expected_version: int | None
) -> Indicator:
    return save_record(
        session=session,
        record=indicator,
        actor=actor,
        expected_version=expected_version,
        changes={"story": form.story, "story_partners": form.story_partners, "what_works": form.what_works},
        note=form.note,
    )


def _point(on: date | None, value: float | None) -> curve.Point | None:
    return curve.Point(on, value) if on and value is not None else None


def curve_ends(indicator: Indicator) -> tuple[curve.Point | None, curve.Point | None]:
    """The indicator's baseline and target as points of its curve; either is None while its date or its
    value is not set."""
    return (
        _point(indicator.baseline_date, indicator.baseline_value),
        _point(indicator.target_date, indicator.target_value),
    )


def assess_indicator(indicator: Indicator, points: Sequence[curve.Point]) -> curve.Curve:
    """The indicator's status from these figures, by the rule in ``curve`` (no chart)."""
    baseline, target = curve_ends(indicator)
    return curve.assess(
        measurements=points,
        baseline=baseline,
        target=target,
        unit=indicator.unit,
        higher_is_better=indicator.polarity == Polarity.higher_is_better.value,
    )


def curve_of(
    indicator: Indicator,
    measurements: list[Measurement],
    *,
    chart_id: str | None = None,
    today: date | None = None,
) -> tuple[curve.Curve, str]:
    """The indicator's status and its chart. ``chart_id`` must be unique on the page that shows the chart."""
    result, draw = curve_drawing(indicator, measurements, chart_id=chart_id, today=today)
    return result, draw(curve_chart.ENGLISH)


def curve_drawing(
    indicator: Indicator,
    measurements: list[Measurement],
    *,
    chart_id: str | None = None,
    today: date | None = None,
) -> tuple[curve.Curve, Callable[[curve_chart.ChartWords], str]]:
    """The indicator's status, and its chart drawn with the words of the reader's language."""
    points = [
        curve.Point(m.measured_on, m.value, low=m.ci_low, high=m.ci_high, sample_size=m.sample_size)
        for m in measurements
    ]
    baseline, target = curve_ends(indicator)
    result = assess_indicator(indicator, points)
    # Plain values only: a dashboard keeps the drawing after the request's session has closed.
    chart, name, unit = chart_id or f"curve-{indicator.id}", indicator.name, indicator.unit
    when = today or date.today()

    def draw(words: curve_chart.ChartWords) -> str:
        return curve_chart.curve_svg(
            chart_id=chart,
            title=words.title % {"name": name},
            measurements=points,
            baseline=baseline,
            target=target,
            slope=result.forecast_slope,
            unit=unit,
            today=when,
            words=words,
        )

    return result, draw


# --- Overview ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    by_status: list[tuple[str, int]]
    by_priority: list[tuple[str, dict[str, int]]]
    overdue: list[tuple[Action, date]]
    indicators: list[tuple[Indicator, curve.Curve]]
    budget: int
    spent: int


def overview(*, session: Session, strategy: Strategy, today: date) -> Overview:
    actions = plan.list_actions(session=session, strategy=strategy)
    counts = Counter(a.status for a in actions)
    priorities = plan.list_priorities(session=session, strategy=strategy)
    by_priority = [
        (p.outcome, dict(Counter(ActionStatus(a.status).label for a in actions if a.priority_id == p.id)))
        for p in priorities
    ]
    spent_by_action: dict[int, int] = {}
    for update in session.exec(
        select(ActionUpdate)
        .where(ActionUpdate.strategy_id == strategy.id, col(ActionUpdate.spent).is_not(None))
        .order_by(col(ActionUpdate.period_end))
    ).all():
        spent_by_action[update.action_id] = update.spent or 0
    measurements: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in session.exec(
        select(Measurement)
        .where(Measurement.strategy_id == strategy.id)
        .order_by(col(Measurement.measured_on))
    ).all():
        measurements[measurement.indicator_id].append(measurement)
    indicators = [
        (i, curve_of(i, measurements[id_of(i)])[0])
        for i in plan_indicators.list_indicators(session=session, strategy=strategy)
    ]
    return Overview(
        by_status=[(status.label, counts.get(status, 0)) for status in ActionStatus],
        by_priority=by_priority,
        overdue=overdue_actions(session=session, strategy=strategy, today=today),
        indicators=indicators,
        budget=sum(a.budget or 0 for a in actions),
        spent=sum(spent_by_action.values()),
    )
