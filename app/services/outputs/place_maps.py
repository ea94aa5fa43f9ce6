"""The figures each ward map shows, worked out per page: voices per 1,000 residents (listening analysis),
struggles by their highest severity (mapping overview) and actions per area (the councillor dashboard, from
the latest published plan only, like everything else there).

Areas come from the place as it is now (areas are the place's, not a stage's). A map is offered only when
at least one area has an outline; the table beside it lists every area.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from app.models import Action, Area, Edition, Strategy
from app.models.base import id_of
from app.services.outputs import maps
from app.services.outputs.kept import Kept
from app.services.outputs.maps import MapStep, WardMap
from app.services.records import editions
from app.services.records.edition_rows import rows_at
from app.text import listed

SEVERITY_WORDS = {1: "1 (minor)", 2: "2", 3: "3", 4: "4", 5: "5 (severe)"}


def place_areas(*, session: Session, place_id: int) -> list[Area]:
    """The place's areas with what a map reads of them (not their population profiles)."""
    return list(
        session.exec(
            select(Area)
            .options(load_only(Area.id, Area.place_id, Area.name, Area.population, Area.boundary))  # type: ignore[arg-type]
            .where(Area.place_id == place_id)
            .order_by(col(Area.name))
        ).all()
    )


def _outlined(areas: Sequence[Area]) -> bool:
    return any(area.boundary for area in areas)


def voices_map(*, session: Session, strategy: Strategy, heard: Mapping[int, int]) -> WardMap | None:
    """Voices recorded in each area (``heard``: voices by area id, each once) for every 1,000 of its
    residents; no figure where the population is not known."""
    areas = place_areas(session=session, place_id=strategy.place_id)
    if not _outlined(areas):
        return None
    rates: dict[int, float | None] = {}
    shown: dict[int, str] = {}
    for area in areas:
        area_id = id_of(area)
        voices = heard.get(area_id, 0)
        if area.population:
            rates[area_id] = round(1000 * voices / area.population, 1)
            shown[area_id] = f"{rates[area_id]:,.1f} ({voices:,} voices, {area.population:,} residents)"
        else:
            rates[area_id] = None
            shown[area_id] = f"No figure ({voices:,} voices, population not known)"
    steps, step_of = maps.numeric_steps(rates)
    names = {id_of(a): a.name for a in areas}
    return maps.ward_map(
        title="Voices per 1,000 residents, by area",
        areas=areas,
        steps=steps,
        step_of=step_of,
        shown=shown,
        summary=maps.high_low_summary(names, rates, what="voices per 1,000 residents"),
        value_heading="Voices per 1,000 residents",
    )


def _severity_steps() -> list[MapStep]:
    return [
        MapStep("No struggles recorded", "#ffffff"),
        *(MapStep(SEVERITY_WORDS[s], maps.RAMP[s - 1]) for s in range(1, 6)),
    ]


def struggles_map(*, session: Session, strategy: Strategy, struggles: Iterable[Any]) -> WardMap | None:
    """Each area by the highest severity of the struggles recorded there (``struggles``: records or an
    edition's rows, each with ``area_ids`` and ``severity``)."""
    areas = place_areas(session=session, place_id=strategy.place_id)
    if not _outlined(areas):
        return None
    highest: dict[int, int] = {}
    count: dict[int, int] = defaultdict(int)
    for struggle in struggles:
        for area_id in struggle.area_ids or []:
            highest[area_id] = max(highest.get(area_id, 0), int(struggle.severity))
            count[area_id] += 1
    shown = {
        id_of(a): (
            f"{SEVERITY_WORDS[highest[id_of(a)]]}, {count[id_of(a)]} "
            + ("struggle" if count[id_of(a)] == 1 else "struggles")
            if id_of(a) in highest
            else "No struggles recorded"
        )
        for a in areas
    }
    worst = max(highest.values(), default=0)
    named = [a.name for a in areas if highest.get(id_of(a)) == worst]
    if not worst:
        summary = "No struggle is recorded against an area yet."
    else:
        summary = (
            f"The most severe struggles, at {SEVERITY_WORDS[worst]}, are in {listed(named)}; "
            f"{len(highest)} of {len(areas)} areas have a struggle recorded."
        )
    return maps.ward_map(
        title="Struggles by their highest severity, by area",
        areas=areas,
        steps=_severity_steps(),
        step_of={area_id: severity for area_id, severity in highest.items()},
        shown=shown,
        summary=summary,
        value_heading="Highest severity",
    )


def published_actions_map(*, session: Session, strategy: Strategy) -> WardMap | None:
    """Actions of the latest published plan in each area (an action may cover several areas)."""
    areas = place_areas(session=session, place_id=strategy.place_id)
    if not _outlined(areas):
        return None
    plan = editions.latest_editions(session=session, strategy=strategy).get("plan")
    in_plan = _actions_per_area(session, strategy, plan)
    place_wide = in_plan.get(PLACE_WIDE, 0)
    per_area: dict[int, float | None] = {id_of(a): float(in_plan.get(id_of(a), 0)) for a in areas}
    steps, step_of = maps.numeric_steps(per_area)
    shown = {area_id: f"{int(n or 0):,}" for area_id, n in per_area.items()}
    names = {id_of(a): a.name for a in areas}
    if plan is None:
        summary = "No plan has been published yet, so no actions are shown."
    elif place_wide and not any(per_area.values()):
        summary = (
            f"Every action in the plan ({place_wide:,}) is for the whole place, so the map counts none "
            "in any one area."
        )
    else:
        summary = maps.high_low_summary(names, per_area, what="the number of actions")
        if place_wide:
            summary += (
                " One more action is for the whole place and is not counted in any one area."
                if place_wide == 1
                else f" {place_wide:,} more actions are for the whole place and are not counted in any one "
                "area."
            )
    return maps.ward_map(
        title="Actions in the published plan, by area",
        areas=areas,
        steps=steps,
        step_of=step_of,
        shown=shown,
        summary=summary,
        value_heading="Actions",
    )


# Actions per area of a published plan, by the edition: a published edition never changes. Actions with no
# area are for the whole place: counted under PLACE_WIDE (no area has id 0).
PLACE_WIDE = 0
_PLAN_COUNTS: Kept[tuple[object, ...], dict[int, int]] = Kept(256)


def _actions_per_area(session: Session, strategy: Strategy, plan: Edition | None) -> dict[int, int]:
    if plan is None:
        return {}
    key = (id_of(strategy), id_of(plan), plan.transaction_id, plan.published_at.isoformat())

    def work_out() -> dict[int, int]:
        found: dict[int, int] = defaultdict(int)
        for row in rows_at(session=session, strategy=strategy, edition=plan, model=Action):
            for area_id in row.area_ids or [PLACE_WIDE]:
                found[area_id] += 1
        return dict(found)

    return _PLAN_COUNTS.get_or_work_out(key, work_out)


def forget() -> None:
    _PLAN_COUNTS.clear()
