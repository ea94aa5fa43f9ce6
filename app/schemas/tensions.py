"""Form models for the tension log, its rumour responses, the weekly picture and its export; the log's query
string."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import EvidenceType, Spread, TensionCategory, TensionLevel, TensionSource, TensionStatus
from app.schemas import Note
from app.schemas.fields import RequiredAreaIds, checkboxes, not_before, one_to_five, text, textarea
from app.schemas.queries import Id, ListQuery, PageNumber, member_of


class TensionEntryForm(BaseModel):
    observed_on: date = Field(title="When was it observed?", description="For example, 27 11 2026.")
    title: str = text(
        "Short description",
        max_length=200,
        hint="For example, Leaflets about the hotel left on cars. No names.",
    )
    category: TensionCategory = Field(title="Category")
    area_ids: RequiredAreaIds = checkboxes("Areas")
    what_happened: str = textarea(
        "What happened",
        max_length=5000,
        hint="Email addresses, phone numbers, full postcodes and names people give are removed "
        "before it is saved.",
    )
    source: TensionSource = Field(title="Source")
    evidence_type: EvidenceType = Field(
        title="Evidence type",
        description="Evidenced: it happened and there is evidence. Experienced: people say they have felt "
        "it. Potential: it could happen.",
    )
    spread: Spread = Field(title="Spread")
    impact: int = one_to_five("Impact", hint="From 1 (little) to 5 (severe).", missing="Select the impact")
    police_reference: str | None = text("Police reference (optional)", max_length=60, optional=True)
    struggle_ids: list[int] = checkboxes(
        "Related struggles (optional)", hint="The entry becomes evidence for these struggles."
    )
    actions_taken: str | None = textarea("Actions taken (optional)", max_length=5000, rows=3, optional=True)
    status: TensionStatus = Field(title="Status")
    follow_up_on: Annotated[
        date | None, not_before("observed_on", "Follow up on must be on or after the day it was observed")
    ] = Field(default=None, title="Follow up on (optional)")
    earlier_entry_ids: list[int] = checkboxes(
        "Earlier entries of the same rumour (optional)", hint="For a rumour that has come back."
    )
    note: Note = None


class RumourResponseForm(BaseModel):
    draft: str = textarea(
        "Response in plain words",
        max_length=3000,
        hint="What the council will say. Changing it after sign-off needs a new sign-off.",
        rows=6,
    )
    note: Note = None


class PublicationForm(BaseModel):
    published_on: date = Field(title="When was it published?", description="For example, 30 11 2026.")
    published_where: str = text(
        "Where was it published?",
        max_length=300,
        hint="For example, the council's Facebook page and the Northfield residents' newsletter.",
    )
    note: Note = None


class WeeklyLevelForm(BaseModel):
    level: TensionLevel = Field(title="Level")
    reason: str = textarea(
        "Reason", max_length=2000, hint="Why this level, in a sentence or two. No names.", rows=3
    )
    published: bool = Field(
        default=False,
        title="Share this place-wide level and its reason with councillors",
        json_schema_extra={"widget": "checkbox"},
    )
    note: Note = None


class ExportPeriodForm(BaseModel):
    date_from: date = Field(title="From", description="For example, 2 11 2026.")
    date_to: Annotated[date, not_before("date_from", "To must be on or after the from date")] = Field(
        title="To", description="For example, 29 11 2026."
    )

    @field_validator("date_to")
    @classmethod
    def a_year_or_less(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("date_from")
        if isinstance(start, date) and (value - start).days > 366:
            raise form_error("Choose a period of a year or less")
        return value


class LogFilters(ListQuery):
    """The tension log: ``?status=&category=&area=&page=``."""

    status: Annotated[str | None, member_of(TensionStatus)] = None
    category: Annotated[str | None, member_of(TensionCategory)] = None
    area_id: Id = Field(None, validation_alias="area")
    page: PageNumber = 1
