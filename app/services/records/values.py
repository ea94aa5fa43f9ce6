"""The one value formatter: how a field's value reads to a person, wherever it is shown.

History sentences, the history's values, editions, comparisons and the 409 page all go through ``text`` (one
line) or ``items`` (a list, for fields that hold several things). Nobody reads an id, a slug, an ISO date,
``True``/``False`` or a bare number of pounds: money reads £18,000, dates 30 June 2026, milestones with their
done mark, Place Standard scores by theme name.
"""

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final

from app.services.listening.theme_keywords import DEFAULT_THEMES

BLANK: Final = "blank"
MONEY: Final = "money"
PERCENT: Final = "percent"
MILESTONES: Final = "milestones"
RISKS: Final = "risks"
SCORES: Final = "scores"
SCORE_BASIS: Final = "score_basis"

_THEME_NAMES: Final = {theme.slug: theme.name for theme in DEFAULT_THEMES}
_BASIS: Final = {"group": "A group’s average scores", "respondent": "One respondent’s scores"}
_LEVELS: Final = {"high": "high", "medium": "medium", "low": "low"}


class Name(str):
    """A looked-up name (of an area, a theme, another record), shown as it is, never quoted."""


def in_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def money(pounds: float) -> str:
    return f"£{pounds:,.0f}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def theme_name(slug: str) -> str:
    return _THEME_NAMES.get(slug) or slug.replace("-", " ").replace("_", " ").capitalize()


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def milestone(item: Mapping[str, Any]) -> str:
    title = str(item.get("title") or "Milestone")
    due = _as_date(item.get("due"))
    when = f", due {in_words(due)}" if due else ""
    done = "done" if item.get("done") else "not done yet"
    return f"{title}{when} ({done})"


def risk(item: Mapping[str, Any]) -> str:
    description = str(item.get("description") or "Risk")
    scale = [
        f"{name} {_LEVELS.get(str(item.get(key)), str(item.get(key)))}"
        for key, name in (("likelihood", "likelihood"), ("impact", "impact"))
        if item.get(key)
    ]
    mitigation = f"; what we will do: {item['mitigation']}" if item.get("mitigation") else ""
    return description + (f" ({', '.join(scale)})" if scale else "") + mitigation


def items(value: Any, kind: str | None = None) -> list[str] | None:
    """The value as a list of lines when it holds several things (or its format is a list); else None."""
    if kind == MILESTONES and isinstance(value, list):
        return [milestone(item) for item in value if isinstance(item, Mapping)]
    if kind == RISKS and isinstance(value, list):
        return [risk(item) for item in value if isinstance(item, Mapping)]
    if kind == SCORES and isinstance(value, Mapping):
        return [f"{theme_name(str(slug))}: {float(score):g}" for slug, score in value.items()]
    if isinstance(value, list) and len(value) > 1:
        return [text(item) for item in value]
    return None


def text(
    value: Any, choices: type[StrEnum] | None = None, kind: str | None = None, *, quoted: bool = False
) -> str:
    """One line for a value. ``quoted`` puts typed text in quotation marks, for a sentence about a change."""
    if value is None or value == "" or value == [] or value == {}:
        return BLANK
    if choices is not None:
        try:
            return str(getattr(choices(value), "label", value))
        except ValueError:
            return str(value)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == MONEY and number:
        return money(value)
    if kind == PERCENT and number:
        return f"{value:g}%"
    if kind == SCORE_BASIS and isinstance(value, str):
        return _BASIS.get(value, value)
    listed = items(value, kind)
    if kind in (MILESTONES, RISKS, SCORES) and listed is not None:
        return "; ".join(listed) if listed else BLANK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return in_words(value)
    if isinstance(value, list):
        return ", ".join(text(item) for item in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    if isinstance(value, Name):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, str):
        as_date = _as_date(value) if len(value) == 10 else None
        if as_date is not None:
            return in_words(as_date)
        return f"“{value}”" if quoted else value
    return str(value)
