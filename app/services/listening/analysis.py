"""What the place is saying, and who it has heard from.

Rules:
- every number links to the voices behind it (the router builds the links from the ids given here);
- in "who we have heard from", any group of 1 to 9 people is shown as "fewer than 10" and no share is
  worked out from it, so nobody can be singled out (``disclosure``, for everyone who sees the page);
- participants are counted from voices that carry a demographic field, plus the "who took part" counts of
  exercises held in exactly one area (an exercise across several areas cannot be split between them).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.models import PROFILE_FIELDS, Area, ListeningExercise, Strategy, Theme
from app.models.base import id_of
from app.services.listening import voice_counts
from app.services.outputs import disclosure
from app.services.outputs.disclosure import MINIMUM

NO_AREA = voice_counts.NO_AREA  # key for voices not linked to an area


@dataclass(frozen=True)
class ThemeAreaGrid:
    themes: list[Theme]
    areas: list[tuple[int, str]]  # (area id, or NO_AREA; name)
    cells: dict[tuple[int, int], int]
    theme_totals: dict[int, int]
    area_totals: dict[int, int]
    voices: int
    untagged: int


def theme_area_grid(*, session: Session, strategy: Strategy) -> ThemeAreaGrid:
    """Voices by theme and area, read from the strategy's voice counts (a few hundred rows at most)."""
    counts = voice_counts.strategy_counts(
        session=session,
        strategy_id=id_of(strategy),
        facets=(voice_counts.ALL, voice_counts.UNTAGGED, voice_counts.THEME),
    )
    cells: dict[tuple[int, int], int] = {
        (int(theme), area_id): n for (area_id, theme), n in counts.facet(voice_counts.THEME).items()
    }
    theme_totals: dict[int, int] = defaultdict(int)
    area_totals: dict[int, int] = defaultdict(int)
    for (theme_id, area_id), count in cells.items():
        theme_totals[theme_id] += count
        area_totals[area_id] += count
    theme_ids = sorted(theme_totals, key=lambda t: -theme_totals[t])
    themes_by_id = {t.id: t for t in session.exec(select(Theme).where(col(Theme.id).in_(theme_ids))).all()}
    areas: list[tuple[int, str]] = [
        (a.id or NO_AREA, a.name)
        for a in session.exec(
            select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))
        ).all()
    ]
    if area_totals.get(NO_AREA):
        areas.append((NO_AREA, "No area given"))
    return ThemeAreaGrid(
        themes=[themes_by_id[t] for t in theme_ids if t in themes_by_id],
        areas=areas,
        cells=cells,
        theme_totals=dict(theme_totals),
        area_totals=dict(area_totals),
        voices=counts.total(voice_counts.ALL),
        untagged=counts.total(voice_counts.UNTAGGED),
    )


def top_themes_by_area(
    grid: ThemeAreaGrid, *, limit: int = 3
) -> list[tuple[int, str, list[tuple[Theme, int]]]]:
    result = []
    for area_id, name in grid.areas:
        ranked = sorted(
            ((theme, grid.cells.get((theme.id or 0, area_id), 0)) for theme in grid.themes),
            key=lambda pair: -pair[1],
        )
        result.append((area_id, name, [(t, n) for t, n in ranked[:limit] if n > 0]))
    return result


# --- Who we have heard from ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    group: str
    heard: str  # already suppressed
    heard_share: str | None  # "12%" or None when suppressed or unknown
    population_share: str | None


@dataclass
class AreaHearing:
    area_id: int
    name: str
    heard_total: int
    fields: dict[str, list[GroupRow]] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def _gap_phrase(field_name: str, group: str) -> str:
    if field_name == "age_band":
        return f"aged {group}"
    return f"in the {group} group"


def who_we_heard_from(*, session: Session, strategy: Strategy) -> list[AreaHearing]:
    """Per area: participants by profile group against the area's population, with the gaps in words."""
    heard: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
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

    areas = session.exec(
        select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))
    ).all()
    result = []
    for area in areas:
        area_id = area.id or NO_AREA
        result.append(_area_hearing(area_id, area.name, heard.get(area_id, {}), area.profile or {}))
    if heard.get(NO_AREA):
        result.append(_area_hearing(NO_AREA, "Whole place or several areas", heard[NO_AREA], {}))
    return result


def _area_hearing(
    area_id: int, name: str, heard: dict[str, dict[str, int]], population: dict[str, dict[str, int]]
) -> AreaHearing:
    totals = {f: sum(groups.values()) for f, groups in heard.items()}
    hearing = AreaHearing(area_id=area_id, name=name, heard_total=max(totals.values(), default=0))
    for field_name, (label, groups) in PROFILE_FIELDS.items():
        counts = heard.get(field_name, {})
        total = totals.get(field_name, 0)
        people = population.get(field_name, {})
        people_total = sum(int(v) for v in people.values())
        if not total and not people_total:
            continue
        rows = []
        for group in groups:
            count = counts.get(group, 0)
            resident = int(people.get(group, 0))
            heard_share = (
                _percent(count, total)
                if disclosure.may_break_down(count) and disclosure.may_break_down(total)
                else None
            )
            population_share = _percent(resident, people_total) if people_total else None
            rows.append(
                GroupRow(
                    group=group,
                    heard=disclosure.shown_text(count, none="None"),
                    heard_share=heard_share,
                    population_share=population_share,
                )
            )
            if people_total and resident / people_total >= 0.05:
                if count == 0:
                    hearing.gaps.append(f"No one {_gap_phrase(field_name, group)} heard in {name} yet.")
                elif not disclosure.may_show_count(count):
                    hearing.gaps.append(
                        f"Fewer than {MINIMUM} people {_gap_phrase(field_name, group)} "
                        f"heard in {name} so far."
                    )
                elif (
                    disclosure.may_break_down(total)
                    and count / total < 0.5 * resident / people_total
                    and disclosure.may_break_down(count)
                ):
                    hearing.gaps.append(
                        f"People {_gap_phrase(field_name, group)} are under-represented in {name}: "
                        f"{_percent(count, total)} of those heard, "
                        f"{_percent(resident, people_total)} of residents."
                    )
        hearing.fields[label] = rows
    return hearing
