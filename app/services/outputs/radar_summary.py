"""The sentence beside a radar chart: which themes have the most and the least room for improvement, for
readers who do not see the chart and for everyone who wants the gist in words."""

from collections.abc import Sequence
from dataclasses import dataclass

from app.text import listed


@dataclass(frozen=True)
class RadarSeries:
    """One set of scores to draw and describe: a value (or none yet) for each theme, in the chart's order."""

    name: str
    values: Sequence[float | None]


def radar_summary(*, labels: Sequence[str], series: RadarSeries, scale_max: int = 7) -> str:
    """Say in one sentence which themes have the most and least room for improvement (1 = most, 7 = least).

    Scores are compared as shown, to one decimal place, so themes that read the same are named together.
    """
    if len(series.values) != len(labels):
        raise ValueError(f"{series.name} has {len(series.values)} values for {len(labels)} themes")
    known = [
        (label, round(value, 1))
        for label, value in zip(labels, series.values, strict=True)
        if value is not None
    ]
    if not known:
        return "No scores have been recorded yet."
    if len(known) == 1:
        label, value = known[0]
        return f"{label} is the only theme with a score so far: {_score(value)} out of {scale_max}."
    missing = [label for label, value in zip(labels, series.values, strict=True) if value is None]
    gaps = f" ({_names(missing)} {_have(missing)} no score yet)" if missing else ""
    low = min(value for _, value in known)
    high = max(value for _, value in known)
    if low == high:
        scored = f"{len(known)} themes with a score" if missing else f"{len(known)} themes"
        return f"All {scored} are at {_score(low)} out of {scale_max}{gaps}."
    coverage = f"{len(known)} of {len(labels)} themes" if missing else f"{len(known)} themes"
    lowest = [label for label, value in known if value == low]
    highest = [label for label, value in known if value == high]
    return (
        f"Scores range from {_score(low)} for {_names(lowest)} (most room for improvement) to {_score(high)} "
        f"for {_names(highest)} (least room for improvement), across {coverage}{gaps}."
    )


def _names(labels: list[str]) -> str:
    if len(labels) > 3:
        return f"{len(labels)} themes"
    return listed(labels)


def _have(labels: list[str]) -> str:
    return "has" if len(labels) == 1 else "have"


def _score(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
