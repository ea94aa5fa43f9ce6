"""The table of exportable lists: for each, its columns (header, where the value comes from, its type) and
which names it looks up by id. A column of a field that the registry (``kinds``) gives enum choices reads as
the member's label.

A column about a person (``personal``), and any of its kind's ``personal_fields`` (``kinds``), is left out
for those who may not read drafts; a list of a ``personal`` kind is not offered to them at all; and a column
counting people (``disclosure.PEOPLE_COUNTS``) gives them 1 to 9 as "fewer than 10", as text.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.models.base import Labelled
from app.services.outputs import disclosure
from app.services.outputs.spreadsheets import CellType
from app.services.records import kinds

UK_TIME = ZoneInfo("Europe/London")

# lookup name -> (record kind, column holding its name)
RECORD_LOOKUPS: dict[str, tuple[str, str]] = {
    "exercise": ("listening_exercise", "title"),
    "strength": ("strength", "name"),
    "struggle": ("struggle", "title"),
    "priority": ("priority", "outcome"),
    "action": ("action", "title"),
    "indicator": ("indicator", "name"),
    "unit": ("indicator", "unit"),
}


@dataclass
class Lookups:
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    def name(self, lookup: str, record_id: Any) -> str | None:
        if record_id is None:
            return None
        return self.names.get(lookup, {}).get(int(record_id), f"#{record_id}")

    def names_of(self, lookup: str, ids: Any) -> str:
        return "; ".join(self.name(lookup, i) or "" for i in ids or [])


Convert = Callable[[Any, Lookups], Any]


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # the record's attribute the value comes from
    type: CellType = CellType.text
    convert: Convert | None = None
    width: int = 16
    personal: bool = False  # about a person: only for those who may read drafts


@dataclass(frozen=True)
class ExportList:
    name: str  # in the URL: /exports/actions.csv
    title: str
    kind: str
    stage: str
    columns: tuple[Column, ...]
    lookups: frozenset[str] = frozenset()
    order: tuple[str, ...] = ("id",)

    def __post_init__(self) -> None:
        # A field the registry knows as a choice reads as its label, without the list saying so again.
        choices = kinds.BY_NAME[self.kind].choices
        labelled = tuple(
            replace(c, convert=_label(choices[c.field])) if c.convert is None and c.field in choices else c
            for c in self.columns
        )
        object.__setattr__(self, "columns", labelled)

    @property
    def personal(self) -> bool:
        return kinds.BY_NAME[self.kind].personal

    def visible_columns(self, *, personal: bool) -> list[Column]:
        if personal:
            return list(self.columns)
        hidden = kinds.BY_NAME[self.kind].personal_fields
        counts = disclosure.PEOPLE_COUNTS.get(self.kind, frozenset())
        # A record's id is for the council's own tools: a councillor's file names things, never numbers them.
        return [
            _disclosed(c) if c.field in counts else c
            for c in self.columns
            if not (c.personal or c.field in hidden or c is ID)
        ]


def _shown_count(value: Any, lookups: Lookups) -> Any:
    return None if value is None else disclosure.shown(int(value))


def _disclosed(column: Column) -> Column:
    """A column counting people as those who may not read drafts get it: a number, or "fewer than 10",
    so the column is text (a spreadsheet cannot hold both in a number column)."""
    return replace(column, type=CellType.text, convert=_shown_count)


def _label(choices: type[Labelled]) -> Convert:
    return lambda value, lookups: choices.label_of(value)


def _lookup(name: str) -> Convert:
    return lambda value, lookups: lookups.name(name, value)


def _lookups(name: str) -> Convert:
    return lambda value, lookups: lookups.names_of(name, value)


def _uk_time(value: Any, lookups: Lookups) -> Any:
    if not isinstance(value, datetime):
        return value
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UK_TIME).replace(tzinfo=None)


def _count(value: Any, lookups: Lookups) -> int:
    return len(value or [])


def _milestones(value: Any, lookups: Lookups) -> str:
    return "; ".join(
        f"{m.get('title', '')} ({m.get('due', '')}{', done' if m.get('done') else ''})" for m in value or []
    )


def _data_sources(value: Any, lookups: Lookups) -> str:
    return "; ".join(f"{s.get('name', '')} ({s.get('date', '')})" for s in value or [])


ID = Column("ID", "id", CellType.int, width=8)
AREAS = Column("Areas", "area_ids", convert=_lookups("area"), width=24)
THEMES = Column("Themes", "theme_ids", convert=_lookups("theme"), width=30)
PROFILE = tuple(
    Column(label, name, personal=True)
    for name, label in (
        ("age_band", "Age"),
        ("ethnic_group", "Ethnic group"),
        ("gender", "Gender"),
        ("faith", "Faith"),
        ("disability", "Disability"),
        ("migration_status", "Migration status"),
    )
)

LISTS: tuple[ExportList, ...] = (
    ExportList(
        "exercises",
        "Listening exercises",
        "listening_exercise",
        "listening",
        (
            ID,
            Column("Title", "title", width=40),
            Column("Method", "method", width=22),
            Column("Start date", "start_date", CellType.date, width=12),
            Column("End date", "end_date", CellType.date, width=12),
            AREAS,
            Column("Partner organisations", "partners", width=30),
            Column("Number of participants", "participants", CellType.int, width=12),
            Column("Consent basis", "consent_basis", width=20),
            Column("Notes", "notes", width=40),
        ),
        frozenset({"area"}),
    ),
    ExportList(
        "voices",
        "Voices",
        "voice",
        "listening",
        (
            ID,
            Column("Exercise", "exercise_id", convert=_lookup("exercise"), width=30),
            Column("What was said", "text", width=60),
            Column("Kind", "kind", width=12),
            Column("Area", "area_id", convert=_lookup("area"), width=20),
            THEMES,
            Column("Recorded", "created_at", CellType.datetime, convert=_uk_time, width=18),
            *PROFILE,
        ),
        frozenset({"exercise", "area", "theme"}),
    ),
    ExportList(
        "strengths",
        "Strengths",
        "strength",
        "mapping",
        (
            ID,
            Column("Name", "name", width=36),
            Column("Kind", "kind", width=18),
            Column("Status", "status", width=10),
            Column("Organisation", "organisation", width=30),
            AREAS,
            THEMES,
            Column("Description", "description", width=50),
            Column("Voices as evidence", "voice_ids", CellType.int, convert=_count, width=10),
        ),
        frozenset({"area", "theme"}),
    ),
    ExportList(
        "struggles",
        "Struggles",
        "struggle",
        "mapping",
        (
            ID,
            Column("Title", "title", width=36),
            Column("Severity", "severity", CellType.int, width=10),
            Column("Trend", "trend", width=12),
            AREAS,
            THEMES,
            Column("Description", "description", width=50),
            Column("Groups affected", "groups_affected", width=30),
            Column("Data sources", "data_sources", convert=_data_sources, width=40),
            Column("Strengths that could help", "strength_ids", convert=_lookups("strength"), width=36),
            Column("Voices as evidence", "voice_ids", CellType.int, convert=_count, width=10),
        ),
        frozenset({"area", "theme", "strength"}),
    ),
    ExportList(
        "priorities",
        "Priorities",
        "priority",
        "plan",
        (
            ID,
            Column("Order", "position", CellType.int, width=8),
            Column("Outcome", "outcome", width=50),
            Column("Description", "description", width=50),
            Column("Struggles it answers", "struggle_ids", convert=_lookups("struggle"), width=40),
            Column("Strengths it builds on", "strength_ids", convert=_lookups("strength"), width=40),
        ),
        frozenset({"struggle", "strength"}),
        order=("position", "id"),
    ),
    ExportList(
        "actions",
        "Actions",
        "action",
        "plan",
        (
            ID,
            Column("Title", "title", width=40),
            Column("Priority", "priority_id", convert=_lookup("priority"), width=36),
            Column("Part of", "parent_id", convert=_lookup("action"), width=30),
            Column("Weight within its parent", "weight", CellType.int, width=10),
            Column("Status", "status", width=12),
            Column("Percent complete", "percent_complete", CellType.int, width=10),
            Column("Lead organisation", "lead_organisation", width=30),
            Column("Partners", "partners", width=30),
            AREAS,
            Column("Start date", "start_date", CellType.date, width=12),
            Column("End date", "end_date", CellType.date, width=12),
            Column("Budget (£)", "budget", CellType.int, width=12),
            Column("Funding source", "funding_source", width=20),
            Column("Milestones", "milestones", convert=_milestones, width=40),
            Column("Description", "description", width=50),
        ),
        frozenset({"priority", "action", "area"}),
    ),
    ExportList(
        "indicators",
        "Indicators",
        "indicator",
        "plan",
        (
            ID,
            Column("Name", "name", width=40),
            Column("Kind", "kind", width=20),
            Column("Question it answers", "performance_question"),
            Column("Definition", "definition", width=40),
            Column("Survey question wording", "question", width=50),
            Column("Unit", "unit", width=8),
            Column("Data source", "data_source", width=30),
            Column("Polarity", "polarity"),
            Column("Baseline", "baseline_value", CellType.float, width=10),
            Column("Baseline date", "baseline_date", CellType.date, width=12),
            Column("Target", "target_value", CellType.float, width=10),
            Column("Target date", "target_date", CellType.date, width=12),
            Column("Frequency", "frequency"),
            Column("Priority", "priority_id", convert=_lookup("priority"), width=36),
            Column("Standard indicator key", "library_key", width=20),
        ),
        frozenset({"priority"}),
    ),
    ExportList(
        "measurements",
        "Figures",
        "measurement",
        "progress",
        (
            ID,
            Column("Indicator", "indicator_id", convert=_lookup("indicator"), width=40),
            Column("Date", "measured_on", CellType.date, width=12),
            Column("Value", "value", CellType.float, width=10),
            Column("Unit", "indicator_id", convert=_lookup("unit"), width=8),
            Column("Source", "source", width=30),
            Column("Notes", "notes", width=40),
            Column("Sample size", "sample_size", CellType.int, width=10),
            Column("Confidence interval from", "ci_low", CellType.float, width=10),
            Column("Confidence interval to", "ci_high", CellType.float, width=10),
        ),
        frozenset({"indicator", "unit"}),
        order=("indicator_id", "measured_on", "id"),
    ),
    ExportList(
        "updates",
        "Action updates",
        "action_update",
        "progress",
        (
            ID,
            Column("Action", "action_id", convert=_lookup("action"), width=40),
            Column("Period ending", "period_end", CellType.date, width=12),
            Column("Status", "status", width=12),
            Column("Percent complete", "percent_complete", CellType.int, width=10),
            Column("What happened", "what_happened", width=50),
            Column("What is blocking", "blockers", width=40),
            Column("Evidence", "evidence", width=40),
            Column("Spent so far (£)", "spent", CellType.int, width=12),
        ),
        frozenset({"action"}),
        order=("action_id", "period_end", "id"),
    ),
)
BY_NAME = {export.name: export for export in LISTS}
