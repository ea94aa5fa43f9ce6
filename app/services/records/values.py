"""The one value formatter: how a field's value reads to a person, wherever it is shown.

History sentences, the history's values, editions, comparisons and the 409 page all go through ``text`` (one
line) or ``items`` (a list, for fields that hold several things). Nobody reads an id, a slug, an ISO date,
``True``/``False`` or a bare number of pounds: money reads £18,000, dates 30 June 2026, milestones with their
done mark, Place Standard scores by theme name.
"""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, Final

from app.models.base import Labelled
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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _on_one_line(value: Any, kind: str) -> str | None:
    """A list format's lines joined, when the value is such a list."""
    listed = items(value, kind)
    if listed is None:
        return None
    return "; ".join(listed) if listed else BLANK


# A field's format, for a value that fits it (None when it does not, and the value reads by its type).
_FORMATS: Final[dict[str, Callable[[Any], str | None]]] = {
    MONEY: lambda value: money(value) if _is_number(value) else None,
    PERCENT: lambda value: f"{value:g}%" if _is_number(value) else None,
    SCORE_BASIS: lambda value: _BASIS.get(value, value) if isinstance(value, str) else None,
    MILESTONES: partial(_on_one_line, kind=MILESTONES),
    RISKS: partial(_on_one_line, kind=RISKS),
    SCORES: partial(_on_one_line, kind=SCORES),
}

# How a value reads by its type, checked in order: a bool is an int, a datetime a date, a Name a str.
_BY_TYPE: Final[tuple[tuple[type[Any], Callable[[Any], str]], ...]] = (
    (bool, lambda value: "yes" if value else "no"),
    (date, in_words),
    (list, lambda value: ", ".join(text(item) for item in value)),
    (Mapping, lambda value: "; ".join(f"{k}: {text(v)}" for k, v in value.items())),
    (Name, str),
    (float, _number),
    (int, lambda value: f"{value:,}" if abs(value) >= 10000 else str(value)),
)


def _typed_text(value: str, *, quoted: bool) -> str:
    """Text as it was typed, except an ISO date, which reads in words."""
    as_date = _as_date(value) if len(value) == 10 else None
    if as_date is not None:
        return in_words(as_date)
    return f"“{value}”" if quoted else value


def text(
    value: Any, choices: type[Labelled] | None = None, kind: str | None = None, *, quoted: bool = False
) -> str:
    """One line for a value. ``quoted`` puts typed text in quotation marks, for a sentence about a change."""
    if value is None or value == "" or value == [] or value == {}:
        return BLANK
    if choices is not None:
        return choices.label_of(value)
    formatted = _FORMATS[kind](value) if kind in _FORMATS else None
    if formatted is not None:
        return formatted
    for kind_of, shown in _BY_TYPE:
        if isinstance(value, kind_of):
            return shown(value)
    if isinstance(value, str):
        return _typed_text(value, quoted=quoted)
    return str(value)
