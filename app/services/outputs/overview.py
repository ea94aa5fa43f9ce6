"""The facilitator overview: every place a facilitator is assigned to, one row each, filtered and sorted.

The figures come from ``place_figures`` (a fixed number of grouped queries whatever the number of places);
this module only chooses the rows and their order, and says how each column heading sorts. Filters and sort
order live in the query string, so the page works as a plain GET form without JavaScript.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from pydantic import BeforeValidator
from sqlmodel import Session

from app.models import User
from app.schemas.queries import ListQuery, PageNumber, one_of
from app.services.access import PlaceRef, facilitated_places
from app.services.outputs.kept import Kept
from app.services.outputs.place_figures import (
    CHANGED,
    IN_PROGRESS,
    NOT_STARTED,
    PUBLISHED,
    PlaceFigures,
    library_keys_in_use,
    place_figures,
)
from app.services.plan.indicator_library import LIBRARY, LibraryIndicator
from app.services.records import editions
from app.stages import STAGES

STATUSES = (NOT_STARTED, IN_PROGRESS, PUBLISHED, CHANGED)
STATUS_SLUGS = dict(zip(("not-started", "in-progress", "published", "changed"), STATUSES, strict=True))
RAG_ORDER = {"red": 0, "within-margin": 1, "amber": 2, "green": 3, "not-enough-data": -1}
STAGE_SLUGS = tuple(stage.slug for stage in STAGES)
PAGE_SIZE = 50


SORTS = frozenset(
    {
        "name",
        "activity",
        "actions",
        "overdue",
        "comments",
        *STAGE_SLUGS,
        *(f"indicator-{i.key}" for i in LIBRARY),
    }
)


def _words_of_a_name(value: object) -> str:
    return value.strip()[:100] if isinstance(value, str) else ""


class Filters(ListQuery):
    """The overview's query string: ``?q=&stage=&stage_status=&overdue=&sort=&order=&page=``."""

    q: Annotated[
        str, BeforeValidator(lambda value: value.strip()[:100] if isinstance(value, str) else "")
    ] = ""
    stage: Annotated[str, one_of(STAGE_SLUGS)] = ""  # a stage slug, or "" for any stage
    stage_status: Annotated[str, one_of(STATUS_SLUGS)] = ""
    overdue: Annotated[bool, BeforeValidator(lambda value: value in {"1", "on", "true", True})] = False
    sort: Annotated[str, one_of(SORTS, "name")] = "name"
    order: Annotated[str, one_of({"asc", "desc"}, "asc")] = "asc"
    page: PageNumber = 1

    def query(self, **changes: Any) -> str:
        """This view's query string with ``changes``, leaving out what is at its default. Any other change
        than the page itself starts again at the first page."""
        wanted = self.model_copy(update={"page": 1} | changes)
        pairs = [
            (name, value)
            for name, value in (
                ("q", wanted.q),
                ("stage", wanted.stage),
                ("stage_status", wanted.stage_status),
                ("overdue", "1" if wanted.overdue else ""),
                ("sort", "" if wanted.sort == "name" else wanted.sort),
                ("order", "" if wanted.order == "asc" else wanted.order),
                ("page", "" if wanted.page == 1 else str(wanted.page)),
            )
            if value
        ]
        return urlencode(pairs)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    query: str  # the query string that sorts by this column (the other way when it is already sorted)
    aria_sort: str | None  # "ascending" or "descending" on the sorted column
    numeric: bool = False


@dataclass(frozen=True)
class Overview:
    rows: list[PlaceFigures]  # this page's
    total: int  # places before filtering
    matched: int  # places the filters let through, on all pages
    first: int  # the number of this page's first row among those matched
    previous_page: str | None  # query strings of the neighbouring pages
    next_page: str | None
    columns: list[Column]
    library: list[LibraryIndicator]  # the shared indicators any of the places uses, as columns
    filters: Filters
    status_options: list[tuple[str, str]] = field(default_factory=lambda: list(STATUS_SLUGS.items()))
    stage_options: list[tuple[str, str]] = field(
        default_factory=lambda: [(stage.slug, stage.title) for stage in STAGES]
    )
    all_library: tuple[LibraryIndicator, ...] = LIBRARY  # every shared indicator, for the comparison links
    attention: list["Attention"] = field(default_factory=list)

    @property
    def showing(self) -> str:
        places = "place" if self.total == 1 else "places"
        if self.matched <= PAGE_SIZE:
            return f"Showing {self.matched} of {self.total} {places}."
        last = self.first + len(self.rows) - 1
        if self.matched == self.total:
            return f"Showing {self.first} to {last} of {self.total} {places}."
        return f"Showing {self.first} to {last} of {self.matched} matching places ({self.total} in all)."


ATTENTION_NAMED = 5  # places named in each line of "needs attention"


@dataclass(frozen=True)
class Attention:
    """One line of "needs attention": what, and the places it is true of, most first."""

    what: str
    places: list[tuple[PlaceFigures, int]]  # the place's row and how many
    more: int  # places beyond those named


def needs_attention(figures: Sequence[PlaceFigures]) -> list[Attention]:
    """Places with overdue updates, with a red indicator, and with open review comments: the worst first."""
    lines = []
    for what, count in (
        ("Overdue updates", lambda row: row.overdue),
        ("Red indicators", lambda row: sum(1 for status in row.indicators.values() if status == "red")),
        ("Open review comments", lambda row: row.open_comments),
    ):
        found = sorted(
            ((row, count(row)) for row in figures if count(row)),
            key=lambda pair: (-pair[1], pair[0].place.name),
        )
        if found:
            lines.append(Attention(what, found[:ATTENTION_NAMED], max(0, len(found) - ATTENTION_NAMED)))
    return lines


def facilitator_overview(*, session: Session, user: User, today: date, filters: Filters) -> Overview:
    """The user's facilitated places, filtered, sorted and a page of them with their figures
    (``PermissionDenied`` if they facilitate none). Sorted by name, and filtered by name at most, only the
    page's places need their figures worked out; any other sort or filter needs every place's."""
    places = facilitated_places(session=session, user=user)
    named = [place for place in places if filters.q.lower() in place.name.lower()]
    # "Needs attention" is about every place, whatever the filters: their figures are read once for it.
    everyone = _every_place_figures(session, places, today)
    if filters.sort == "name" and not filters.stage_status and not filters.overdue:
        ordered = sorted(named, key=lambda place: place.name.lower(), reverse=filters.order == "desc")
        page, pages, start = _page(filters, len(ordered))
        by_id = {row.place.id: row for row in everyone}
        rows = [by_id[place.id] for place in ordered[start : start + PAGE_SIZE]]
        keys = library_keys_in_use(session=session, places=places)
        matched = len(ordered)
    else:
        named_ids = {place.id for place in named}
        figures = [row for row in everyone if row.place.id in named_ids]
        shown = _sorted([row for row in figures if _matches(row, filters)], filters)
        page, pages, start = _page(filters, len(shown))
        rows = shown[start : start + PAGE_SIZE]
        keys = {key for row in figures for key in row.indicators}
        matched = len(shown)
    library = [item for item in LIBRARY if item.key in keys]
    return Overview(
        rows=rows,
        total=len(places),
        matched=matched,
        first=start + 1,
        previous_page=filters.query(page=page - 1) if page > 1 else None,
        next_page=filters.query(page=page + 1) if page < pages else None,
        columns=_columns(filters, library),
        library=library,
        filters=filters,
        attention=needs_attention(everyone),
    )


FIGURES_KEPT = 16  # sets of places whose figures each worker keeps
_FIGURES: Kept[Hashable, list[PlaceFigures]] = Kept(FIGURES_KEPT)


def _every_place_figures(session: Session, places: Sequence[PlaceRef], today: date) -> list[PlaceFigures]:
    """``place_figures`` of every place, kept by each worker until anything changes: every change to a
    strategy's records is a new version transaction, and publishing is a new edition, so the latest of
    each (with its time, which tells apart databases that reuse numbers) is in the key, with the places,
    their names and the day. Reading the two latest rows costs two index lookups, where working the figures
    out again for hundreds of places costs a good part of a second."""
    key = (id(session.get_bind()), tuple(places), today, editions.latest_change(session=session))
    return _FIGURES.get_or_work_out(key, lambda: place_figures(session=session, places=places, today=today))


def _page(filters: Filters, count: int) -> tuple[int, int, int]:
    """The page to show (the last one, if asked for one beyond it), how many pages, and its first row."""
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(filters.page, pages)
    return page, pages, (page - 1) * PAGE_SIZE


def _matches(row: PlaceFigures, filters: Filters) -> bool:
    if filters.overdue and not row.overdue:
        return False
    if filters.stage_status:
        wanted = STATUS_SLUGS[filters.stage_status]
        stages = [filters.stage] if filters.stage else STAGE_SLUGS
        return any(row.stages[stage] == wanted for stage in stages)
    return True


def _sort_key(sort: str) -> Callable[[PlaceFigures], Any] | None:
    if sort == "name":
        return lambda row: row.place.name.lower()
    if sort in STAGE_SLUGS:
        return lambda row: STATUSES.index(row.stages[sort])
    if sort == "activity":
        return lambda row: row.last_activity or datetime.min
    if sort == "actions":
        return lambda row: row.actions_total
    if sort == "overdue":
        return lambda row: row.overdue
    if sort == "comments":
        return lambda row: row.open_comments
    key = sort.removeprefix("indicator-")
    if sort.startswith("indicator-") and any(item.key == key for item in LIBRARY):
        return lambda row: RAG_ORDER[row.indicators[key]] if key in row.indicators else -2
    return None


def _sorted(rows: list[PlaceFigures], filters: Filters) -> list[PlaceFigures]:
    key = _sort_key(filters.sort) or _sort_key("name")
    assert key is not None
    # Sorting is stable: places that tie stay in name order whichever way the column is sorted.
    by_name = sorted(rows, key=lambda row: row.place.name.lower())
    return sorted(by_name, key=key, reverse=filters.order == "desc")


def _columns(filters: Filters, library: Sequence[LibraryIndicator]) -> list[Column]:
    # What needs a facilitator's eye first, so it is in view at 1,280 pixels without scrolling: comments,
    # overdue updates and the indicators' status; then the stages and the rest.
    specs = [
        ("name", "Place", False),
        ("comments", "Open review comments", True),
        ("overdue", "Overdue updates", True),
    ]
    specs += [(f"indicator-{item.key}", item.name, False) for item in library]
    specs += [(stage.slug, stage.title, False) for stage in STAGES]
    specs += [("activity", "Last activity", False), ("actions", "Actions by status", True)]
    columns = []
    for key, label, numeric in specs:
        current = filters.sort == key
        order = "desc" if current and filters.order == "asc" else "asc"
        columns.append(
            Column(
                key=key,
                label=label,
                query=filters.query(sort=key, order=order),
                aria_sort=("ascending" if filters.order == "asc" else "descending") if current else None,
                numeric=numeric,
            )
        )
    return columns
