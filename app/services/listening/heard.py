"""Who the place has heard from, against who lives there: the largest gaps across the place first, then each
area's groups on a page of its own.

Rules:
- any group of 1 to 9 people is shown as "fewer than 10" and no share is worked out from it, so nobody can
  be singled out (``disclosure``, for everyone who sees the page);
- participants are counted from voices that carry a demographic field, plus the "who took part" counts of
  exercises held in exactly one area (an exercise across several areas cannot be split between them; it
  still counts across the place);
- a gap is flagged for every group that has residents in the population profile: no one heard, fewer than
  10 heard, or a share of those heard below three quarters of the group's share of residents (``UNDER``);
- where nobody heard has a field recorded (no ages at all), that is said once instead of a gap per group.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.models import PROFILE_FIELDS, Area, ListeningExercise, Strategy
from app.models.base import id_of
from app.services.listening import voice_counts
from app.services.outputs import disclosure
from app.services.outputs.disclosure import MINIMUM

NO_AREA = voice_counts.NO_AREA
UNDER = 0.75
Counts = dict[str, dict[str, int]]  # field -> group -> people


@dataclass(frozen=True)
class GroupRow:
    field_label: str
    group: str
    heard: str  # already suppressed
    heard_share: str | None  # "12%" or None when suppressed or unknown
    population_share: str | None
    gap: str | None  # the flag, in words, or None
    shortfall: float  # share of residents less share heard (0 to 1), for ordering


@dataclass
class Hearing:
    """One area, or the whole place."""

    area_id: int
    name: str
    heard_total: int
    fields: dict[str, list[GroupRow]] = field(default_factory=dict)
    unrecorded: list[str] = field(default_factory=list)

    @property
    def heard_text(self) -> str:
        return disclosure.shown_text(self.heard_total, none="None")

    @property
    def gaps(self) -> list[str]:
        return [row.gap for rows in self.fields.values() for row in rows if row.gap]

    @property
    def largest_gaps(self) -> list[GroupRow]:
        flagged = [row for rows in self.fields.values() for row in rows if row.gap]
        return sorted(flagged, key=lambda row: -row.shortfall)


def _percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%"


def _phrase(field_name: str, group: str) -> str:
    if field_name == "age_band":
        return f"aged {group}"
    if field_name == "gender":
        return {"Woman": "who are women", "Man": "who are men"}.get(group, f"in the {group} group")
    return f"in the {group} group"


def _heard(session: Session, strategy: Strategy) -> dict[int, Counts]:
    heard: dict[int, Counts] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    counts = voice_counts.strategy_counts(session=session, strategy_id=id_of(strategy), facets=PROFILE_FIELDS)
    for field_name in PROFILE_FIELDS:
        for (area_id, group), count in counts.facet(field_name).items():
            heard[area_id][field_name][group] += count
    for exercise in session.exec(
        select(ListeningExercise).where(
            ListeningExercise.strategy_id == strategy.id, col(ListeningExercise.profile).is_not(None)
        )
    ).all():
        area_id = exercise.area_ids[0] if len(exercise.area_ids or []) == 1 else NO_AREA
        for field_name, groups in (exercise.profile or {}).items():
            for group, count in groups.items():
                heard[area_id][field_name][group] += int(count)
    return heard


def _hearing(area_id: int, name: str, where: str, heard: Counts, population: Counts) -> Hearing:
    totals = {f: sum(groups.values()) for f, groups in heard.items()}
    hearing = Hearing(area_id=area_id, name=name, heard_total=max(totals.values(), default=0))
    for field_name, (label, groups) in PROFILE_FIELDS.items():
        counts = heard.get(field_name, {})
        total = totals.get(field_name, 0)
        people = population.get(field_name, {})
        people_total = sum(int(v) for v in people.values())
        if not total and not people_total:
            continue
        if not total:
            hearing.unrecorded.append(
                f"No one heard {where} has their {label.lower()} recorded yet, so gaps by "
                f"{label.lower()} cannot be seen."
            )
        hearing.fields[label] = [
            _row(
                field_name,
                label,
                group,
                counts.get(group, 0),
                total,
                int(people.get(group, 0)),
                people_total,
                where,
            )
            for group in groups
        ]
    return hearing


def _row(
    field_name: str,
    label: str,
    group: str,
    count: int,
    total: int,
    resident: int,
    people_total: int,
    where: str,
) -> GroupRow:
    shareable = disclosure.may_break_down(count) and disclosure.may_break_down(total)
    resident_share = resident / people_total if people_total else 0.0
    heard_share = count / total if total and shareable else None
    gap = None
    if resident and total:
        phrase = _phrase(field_name, group)
        if count == 0:
            gap = f"No one {phrase} heard {where} yet."
        elif not disclosure.may_show_count(count):
            gap = f"Fewer than {MINIMUM} people {phrase} heard {where} so far."
        elif heard_share is not None and heard_share < UNDER * resident_share:
            gap = (
                f"People {phrase} are under-represented {where}: {_percent(count, total)} of those heard, "
                f"{_percent(resident, people_total)} of residents."
            )
    return GroupRow(
        field_label=label,
        group=group,
        heard=disclosure.shown_text(count, none="None"),
        heard_share=None if heard_share is None else _percent(count, total),
        population_share=_percent(resident, people_total) if people_total else None,
        gap=gap,
        shortfall=resident_share - (heard_share or 0.0),
    )


def _place_areas(session: Session, strategy: Strategy) -> list[Area]:
    return list(
        session.exec(select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))).all()
    )


def _add(into: Counts, more: Counts) -> None:
    for field_name, groups in more.items():
        bucket = into.setdefault(field_name, {})
        for group, count in groups.items():
            bucket[group] = bucket.get(group, 0) + int(count)


@dataclass(frozen=True)
class PlaceHearing:
    place: Hearing
    areas: list[Hearing]
    sources: list[str]  # where the residents' figures come from

    @property
    def from_census(self) -> bool:
        """Whether the ONS is to be credited beside the figures."""
        return any("Census" in source for source in self.sources)


def place_hearing(*, session: Session, strategy: Strategy, place_name: str) -> PlaceHearing:
    """The whole place's groups (every participant, every area's residents), then each area's."""
    heard = _heard(session, strategy)
    areas = _place_areas(session, strategy)
    everyone: Counts = {}
    residents: Counts = {}
    for counts in heard.values():
        _add(everyone, counts)
    for area in areas:
        _add(residents, area.profile or {})
    result = [_area_hearing(area, heard) for area in areas]
    if heard.get(NO_AREA):
        result.append(_no_area_hearing(heard))
    sources = sorted({a.profile_source for a in areas if a.profile and a.profile_source})
    if any(a.profile and not a.profile_source for a in areas):
        sources.append("figures entered for the place")
    return PlaceHearing(
        place=_hearing(0, place_name, f"across {place_name}", everyone, residents),
        areas=result,
        sources=sources,
    )


def area_hearing(*, session: Session, strategy: Strategy, area_id: int) -> Hearing:
    """One area's groups against its residents (``NO_AREA``: participants of the whole place or several)."""
    heard = _heard(session, strategy)
    if area_id == NO_AREA:
        return _no_area_hearing(heard)
    area = session.exec(select(Area).where(Area.place_id == strategy.place_id, Area.id == area_id)).first()
    if area is None:
        raise NotFound(area_id)
    return _area_hearing(area, heard)


def _area_hearing(area: Area, heard: dict[int, Counts]) -> Hearing:
    return _hearing(id_of(area), area.name, f"in {area.name}", heard.get(id_of(area), {}), area.profile or {})


def _no_area_hearing(heard: dict[int, Counts]) -> Hearing:
    """Participants of the whole place or of several areas, who have no residents' figures to set beside."""
    return _hearing(
        NO_AREA, "Whole place or several areas", "across several areas", heard.get(NO_AREA, {}), {}
    )
