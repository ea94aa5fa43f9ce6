"""The tension log for the partner tension meeting: a period's entries and weekly levels, as CSV or PDF.

Personal details are removed: no one who recorded, drafted or signed anything off is named, the police
reference (which can lead to a victim) is left out, and every text is passed through the redaction again,
so an entry saved before a rule was added is cleaned as well. Only permission holders reach this (access.py),
and every export is written to the audit log before its body is sent (the router's short write).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.models import Area, Place, TensionEntry, WeeklyLevel
from app.services.listening.redaction import redact
from app.services.tensions.picture import WHOLE_PLACE, week_of

ENTRY_COLUMNS = (
    "Observed on",
    "Short description",
    "Category",
    "Areas",
    "What happened",
    "Source",
    "Evidence type",
    "Spread",
    "Impact",
    "Actions taken",
    "Status",
    "Follow up on",
)
LEVEL_COLUMNS = ("Week beginning", "Area", "Level", "Reason", "Shared with councillors")
PARTS = ("entries", "levels")


class ExportPartNotFound(NotFound):
    """Only the entries and the levels are exported as CSV."""


def _day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def _clean(text: str | None) -> str:
    return redact(text).text if text else ""


@dataclass(frozen=True)
class PeriodExport:
    place: Place
    date_from: date
    date_to: date
    entries: list[dict[str, Any]]
    levels: list[dict[str, Any]]

    @property
    def period(self) -> str:
        return f"{self.date_from.day} {self.date_from:%B %Y} to {self.date_to.day} {self.date_to:%B %Y}"

    def audit_detail(self, file_format: str) -> str:
        return (
            f"Tension log export ({file_format}), {self.period}: "
            f"{len(self.entries)} entries and {len(self.levels)} weekly levels"
        )


def build_export(*, session: Session, place: Place, date_from: date, date_to: date) -> PeriodExport:
    areas = dict(session.exec(select(Area.id, Area.name).where(Area.place_id == place.id)).all())
    entries = session.exec(
        select(TensionEntry)
        .where(
            TensionEntry.place_id == place.id,
            col(TensionEntry.observed_on) >= date_from,
            col(TensionEntry.observed_on) <= date_to,
        )
        .order_by(col(TensionEntry.observed_on), col(TensionEntry.id))
    ).all()
    levels = session.exec(
        select(WeeklyLevel)
        .where(
            WeeklyLevel.place_id == place.id,
            col(WeeklyLevel.week_start) >= week_of(date_from),
            col(WeeklyLevel.week_start) <= date_to,
        )
        .order_by(col(WeeklyLevel.week_start), col(WeeklyLevel.area_id))
    ).all()
    return PeriodExport(
        place=place,
        date_from=date_from,
        date_to=date_to,
        entries=[
            dict(
                zip(
                    ENTRY_COLUMNS,
                    (
                        _day(entry.observed_on),
                        _clean(entry.title),
                        entry.category.label,
                        ", ".join(areas.get(area_id, "") for area_id in entry.area_ids or []),
                        _clean(entry.what_happened),
                        entry.source.label,
                        entry.evidence_type.label,
                        entry.spread.label,
                        str(entry.impact),
                        _clean(entry.actions_taken),
                        entry.status.label,
                        _day(entry.follow_up_on),
                    ),
                    strict=True,
                )
            )
            for entry in entries
        ],
        levels=[
            dict(
                zip(
                    LEVEL_COLUMNS,
                    (
                        _day(level.week_start),
                        areas.get(level.area_id, "") if level.area_id is not None else WHOLE_PLACE,
                        level.level.label,
                        _clean(level.reason),
                        ("Yes" if level.published else "No") if level.area_id is None else "",
                    ),
                    strict=True,
                )
            )
            for level in levels
        ],
    )


def csv_text(export: PeriodExport, part: str) -> str:
    """One part of the export as CSV (UTF-8 with a byte order mark, so spreadsheet programs read it)."""
    if part not in PARTS:
        raise ExportPartNotFound(part)
    columns, rows = (ENTRY_COLUMNS, export.entries) if part == "entries" else (LEVEL_COLUMNS, export.levels)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()
