"""A list page's query string, read as a frozen pydantic model (``Annotated[VoiceFilters, Query()]`` in a
route), with the field types every list shares written once.

A filter in an address is not a form: it is typed by hand, kept in bookmarks and shared in emails, so a value
that is not understood is no filter (or the first page), never an error page. A field's alias is its name in
the address (``?area=12`` for ``area_id``); code builds a model by field name.
"""

from collections.abc import Container
from datetime import date
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from app.numbers_and_dates import read_whole_number

MAX_PAGE = 100_000


class ListQuery(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")


def _id(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    return read_whole_number(value) if isinstance(value, str) and value else None


def _page(value: Any) -> int:
    if isinstance(value, int):
        return value
    return (read_whole_number(value, low=1, high=MAX_PAGE) if isinstance(value, str) and value else None) or 1


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _words(value: Any) -> str | None:
    return value.strip()[:200] or None if isinstance(value, str) else None


# A value shown again as it was typed (at most 200 characters); anything but text is blank.
Typed = Annotated[str, BeforeValidator(lambda value: value[:200] if isinstance(value, str) else "")]
# An id chosen from a list (an area, a theme, an exercise): anything but a whole number an id can be is none.
Id = Annotated[int | None, BeforeValidator(_id)]
# The page of a long list, from 1; anything else is the first page.
PageNumber = Annotated[int, BeforeValidator(_page)]
# A day written as the date inputs send it (2026-03-31); anything else is no limit.
Day = Annotated[date | None, BeforeValidator(_day)]
# Words to look for, trimmed and at most 200 characters; blank is no search.
Words = Annotated[str | None, BeforeValidator(_words)]


def member_of(enum: type[Enum]) -> BeforeValidator:
    """For a ``str | None`` field: the name of one of ``enum``'s members, or None for anything else."""
    return one_of(enum.__members__, None)


def one_of(allowed: Container[str], default: str | None = "") -> BeforeValidator:
    """For a ``str`` field: one of ``allowed``, or ``default`` for anything else."""
    return BeforeValidator(lambda value: value if isinstance(value, str) and value in allowed else default)
