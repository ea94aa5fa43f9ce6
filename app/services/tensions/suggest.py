"""The level the toolkit suggests for a ward's week, and why, from that week's log entries alone.

The rule (the weekly picture states it):
- **how many**: no entries or one is low; 2 or 3 is medium; 4 to 6 is high; 7 or more is critical;
- **impact**: an entry of impact 3 makes it at least medium, of impact 4 or 5 at least high; an entry of
  impact 5 that has spread wider or online makes it critical;
- **spread**: two or more entries that have spread wider or online make it at least high;
- **trend**: when there are at least 3 entries and at least twice as many as the week before, it goes up
  one level (no higher than critical).
The highest of these is the suggestion. An officer sets the level; the suggestion only informs it.

The rule reads a week's entries as a few counts (``WeekFigures``), which the weekly picture works out in the
database for every ward at once.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from app.models.tensions import Spread, TensionLevel

WIDE = frozenset({Spread.wider, Spread.online})
LEVELS = tuple(TensionLevel)


@dataclass(frozen=True)
class Observed:
    """What the rule reads of one entry."""

    impact: int
    spread: Spread


@dataclass(frozen=True)
class WeekFigures:
    """What the rule reads of one ward's week."""

    count: int = 0
    highest_impact: int = 0
    wide: int = 0  # entries that spread wider or online
    wide_at_five: int = 0  # of those, entries of impact 5

    @classmethod
    def of(cls, entries: Iterable[Observed]) -> "WeekFigures":
        """The figures of these entries: what the database's counting must agree with."""
        found = list(entries)
        wide = [entry for entry in found if entry.spread in WIDE]
        return cls(
            count=len(found),
            highest_impact=max((entry.impact for entry in found), default=0),
            wide=len(wide),
            wide_at_five=sum(1 for entry in wide if entry.impact >= 5),
        )


@dataclass(frozen=True)
class Suggestion:
    level: TensionLevel
    why: list[str]

    @property
    def sentence(self) -> str:
        return " ".join(self.why)


def _at_least(current: TensionLevel, floor: TensionLevel) -> TensionLevel:
    return floor if floor.rank > current.rank else current


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def suggest_level(figures: WeekFigures, *, previous_count: int) -> Suggestion:
    """The suggested level for one ward's week and the reasons, in plain sentences."""
    count = figures.count
    if count == 0:
        return Suggestion(TensionLevel.low, ["No entries this week."])
    level = _by_count(count)
    level, impact = _by_impact(level, figures)
    level, spread = _by_spread(level, figures)
    level, trend = _by_trend(level, count, previous_count)
    return Suggestion(level, [f"{_entries(count)} this week.", *impact, *spread, *trend])


def _by_count(count: int) -> TensionLevel:
    if count >= 7:
        return TensionLevel.critical
    if count >= 4:
        return TensionLevel.high
    if count >= 2:
        return TensionLevel.medium
    return TensionLevel.low


def _by_impact(level: TensionLevel, figures: WeekFigures) -> tuple[TensionLevel, list[str]]:
    highest = figures.highest_impact
    if figures.wide_at_five:
        return TensionLevel.critical, ["An entry of impact 5 has spread beyond the area."]
    if highest >= 4:
        return _at_least(level, TensionLevel.high), [f"The highest impact is {highest} of 5."]
    if highest == 3:
        return _at_least(level, TensionLevel.medium), ["The highest impact is 3 of 5."]
    return level, []


def _by_spread(level: TensionLevel, figures: WeekFigures) -> tuple[TensionLevel, list[str]]:
    if figures.wide >= 2:
        return _at_least(level, TensionLevel.high), [f"{_entries(figures.wide)} spread wider or online."]
    return level, []


def _by_trend(level: TensionLevel, count: int, previous_count: int) -> tuple[TensionLevel, list[str]]:
    if count >= 3 and count >= 2 * previous_count:
        if previous_count == 0:
            why = ["There were none the week before."]
        else:
            why = [f"That is at least twice last week's {previous_count}."]
        if level is TensionLevel.critical:
            return level, why
        level = LEVELS[level.rank]
        return level, [*why, f"Rising fast, so one level up: {level.label.lower()}."]
    if previous_count and count < previous_count:
        return level, [f"Fewer than last week's {previous_count}."]
    return level, []
