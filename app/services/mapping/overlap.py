"""Where strengths and struggles meet: the area × theme grid, and the strengths a struggle is offered as
matches (sharing its areas or themes). Read only; a match is confirmed on the struggle (service.py)."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import product

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from app.models import Area, Strategy, Strength, StrengthStatus, Struggle, Theme
from app.services.listening.themes import place_themes
from app.services.mapping.lists import list_strengths
from app.services.mapping.service import place_of


@dataclass(frozen=True)
class GridCell:
    strengths: int
    struggles: int
    highest_severity: int | None


@dataclass(frozen=True)
class Grid:
    areas: list[Area]  # by name: the grid's columns
    themes: list[Theme]  # the themes with any cell: its rows
    cells: dict[tuple[int, int], GridCell]  # by (theme, area); a cell with nothing is not there

    @property
    def shown(self) -> tuple[object, ...]:
        """Everything the grid shows, as a key for the grid rendered before (``kept`` in templating)."""
        return (
            tuple((area.id, area.name) for area in self.areas),
            tuple((theme.id, theme.name) for theme in self.themes),
            tuple(sorted(self.cells.items())),
        )

    @property
    def rows(self) -> list[tuple[Theme, list[tuple[Area, GridCell | None]]]]:
        """Each theme with its cell in every area, in the columns' order (None: nothing there)."""
        return [
            (theme, [(area, self.cells.get((theme.id, area.id))) for area in self.areas])  # type: ignore[arg-type]
            for theme in self.themes
        ]


def _counts(
    session: Session, strategy: Strategy, strength_kind: str | None, strength_status: str | None
) -> dict[tuple[int, int], list[int]]:
    """(theme, area) -> [strengths, struggles, highest severity], read from the columns counted only, not
    the records with their evidence and descriptions."""
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    strengths = select(Strength.area_ids, Strength.theme_ids).where(Strength.strategy_id == strategy.id)
    if strength_kind:
        strengths = strengths.where(Strength.kind == strength_kind)
    if strength_status:
        strengths = strengths.where(Strength.status == strength_status)
    for area_ids, theme_ids in session.exec(strengths).all():
        for key in product(theme_ids or [], area_ids or []):
            counts[key][0] += 1
    struggles = select(Struggle.area_ids, Struggle.theme_ids, Struggle.severity).where(
        Struggle.strategy_id == strategy.id
    )
    for area_ids, theme_ids, severity in session.exec(struggles).all():
        for key in product(theme_ids or [], area_ids or []):
            cell = counts[key]
            cell[1] += 1
            cell[2] = max(cell[2], severity)
    return counts


def grid(
    *,
    session: Session,
    strategy: Strategy,
    strength_kind: str | None = None,
    strength_status: str | None = None,
) -> Grid:
    """Where strengths and struggles concentrate: one cell per (theme, area) that has any."""
    counts = _counts(session, strategy, strength_kind, strength_status)
    counted = {theme_id for theme_id, _ in counts}
    themes = [t for t in place_themes(session=session, place=place_of(session, strategy)) if t.id in counted]
    areas = list(
        session.exec(
            select(Area)
            .options(load_only(Area.id, Area.place_id, Area.name))  # type: ignore[arg-type]
            .where(Area.place_id == strategy.place_id)
            .order_by(col(Area.name))
        ).all()
    )
    return Grid(
        areas=areas,
        themes=themes,
        cells={
            key: GridCell(strengths=s, struggles=t, highest_severity=sev or None)
            for key, (s, t, sev) in counts.items()
        },
    )


@dataclass(frozen=True)
class Match:
    strength: Strength
    shared_areas: int
    shared_themes: int
    confirmed: bool

    @property
    def score(self) -> int:
        return self.shared_themes * 2 + self.shared_areas


def matches_for(*, session: Session, strategy: Strategy, struggle: Struggle) -> list[Match]:
    """Strengths sharing at least one theme or area with the struggle, best first; lost strengths left out
    unless already confirmed. Ranked by shared themes (counted twice) then shared areas."""
    result = []
    for strength in list_strengths(session=session, strategy=strategy):
        confirmed = strength.id in struggle.strength_ids
        areas = len(set(strength.area_ids) & set(struggle.area_ids))
        themes = len(set(strength.theme_ids) & set(struggle.theme_ids))
        if confirmed or ((areas or themes) and strength.status != StrengthStatus.lost.value):
            result.append(
                Match(strength=strength, shared_areas=areas, shared_themes=themes, confirmed=confirmed)
            )
    return sorted(result, key=lambda m: (not m.confirmed, -m.score, m.strength.name))
