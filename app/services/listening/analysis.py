"""What the place is saying: voices by theme and area, every number linking to the voices behind it (the
router builds the links from the ids given here). Who the place has heard from is ``heard``."""

import heapq
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Area, Strategy, Theme
from app.models.base import id_of
from app.services.listening import voice_counts

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
    heard: dict[int, int]  # voices heard in each area, each voice once whatever its themes

    @property
    def shown(self) -> tuple[object, ...]:
        """Everything the grid shows, as a key for the grid rendered before (``kept`` in templating)."""
        return (
            tuple((theme.id, theme.name, self.theme_totals.get(theme.id or 0, 0)) for theme in self.themes),
            tuple(self.areas),
            tuple(sorted(self.cells.items())),
        )


def theme_area_grid(*, session: Session, strategy: Strategy) -> ThemeAreaGrid:
    """Voices by theme and area, read from the strategy's voice counts (a few hundred rows at most)."""
    counts = voice_counts.strategy_counts(
        session=session,
        strategy_id=id_of(strategy),
        facets=(voice_counts.ALL, voice_counts.UNTAGGED, voice_counts.THEME),
    )
    heard: dict[int, int] = defaultdict(int)
    for (area_id, _value), n in counts.facet(voice_counts.ALL).items():
        heard[area_id] += n
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
        (area_id or NO_AREA, name)
        for area_id, name in session.exec(
            select(Area.id, Area.name).where(Area.place_id == strategy.place_id).order_by(col(Area.name))
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
        heard=dict(heard),
    )


def top_themes_by_area(
    grid: ThemeAreaGrid, *, limit: int = 3
) -> list[tuple[int, str, list[tuple[Theme, int]]]]:
    """Each area's ``limit`` most mentioned themes, most first (in the grid's order of themes when equal)."""
    result = []
    for area_id, name in grid.areas:
        mentioned = (
            (theme, n) for theme in grid.themes if (n := grid.cells.get((theme.id or 0, area_id), 0))
        )
        result.append((area_id, name, heapq.nlargest(limit, mentioned, key=lambda pair: pair[1])))
    return result
