"""Form models for the tension log, its rumour responses, the weekly picture and its export."""

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import EvidenceType, Spread, TensionCategory, TensionLevel, TensionSource, TensionStatus
from app.schemas import Note


class TensionEntryForm(BaseModel):
    observed_on: date = Field(title="When was it observed?", description="For example, 27 11 2026.")
    title: str = Field(
        min_length=1,
        max_length=200,
        title="Short description",
        description="For example, Leaflets about the hotel left on cars. No names.",
    )
    category: TensionCategory = Field(title="Category")
    area_ids: list[int] = Field(
        default_factory=list, title="Areas", json_schema_extra={"widget": "checkboxes"}
    )
    what_happened: str = Field(
        min_length=1,
        max_length=5000,
        title="What happened",
        description="Email addresses, phone numbers, full postcodes and names people give are removed "
        "before it is saved.",
        json_schema_extra={"widget": "textarea"},
    )
    source: TensionSource = Field(title="Source")
    evidence_type: EvidenceType = Field(
        title="Evidence type",
        description="Evidenced: it happened and there is evidence. Experienced: people say they have felt "
        "it. Potential: it could happen.",
    )
    spread: Spread = Field(title="Spread")
    impact: int = Field(
        ge=1,
        le=5,
        title="Impact",
        description="From 1 (little) to 5 (severe).",
        json_schema_extra={"widget": "radios", "messages": {"missing": "Select the impact"}},
    )
    police_reference: str | None = Field(default=None, max_length=60, title="Police reference (optional)")
    struggle_ids: list[int] = Field(
        default_factory=list,
        title="Related struggles (optional)",
        description="The entry becomes evidence for these struggles.",
        json_schema_extra={"widget": "checkboxes"},
    )
    actions_taken: str | None = Field(
        default=None,
        max_length=5000,
        title="Actions taken (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    status: TensionStatus = Field(title="Status")
    follow_up_on: date | None = Field(default=None, title="Follow up on (optional)")
    earlier_entry_ids: list[int] = Field(
        default_factory=list,
        title="Earlier entries of the same rumour (optional)",
        description="For a rumour that has come back.",
        json_schema_extra={"widget": "checkboxes"},
    )
    note: Note = None

    @field_validator("area_ids")
    @classmethod
    def at_least_one_area(cls, value: list[int]) -> list[int]:
        if not value:
            raise form_error("Select at least one area")
        return value

    @field_validator("follow_up_on")
    @classmethod
    def follow_up_after_observed(cls, value: date | None, info: ValidationInfo) -> date | None:
        observed = info.data.get("observed_on")
        if value is not None and isinstance(observed, date) and value < observed:
            raise form_error("Follow up on must be on or after the day it was observed")
        return value


class RumourResponseForm(BaseModel):
    draft: str = Field(
        min_length=1,
        max_length=3000,
        title="Response in plain words",
        description="What the council will say. Changing it after sign-off needs a new sign-off.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 6}},
    )
    note: Note = None


class PublicationForm(BaseModel):
    published_on: date = Field(title="When was it published?", description="For example, 30 11 2026.")
    published_where: str = Field(
        min_length=1,
        max_length=300,
        title="Where was it published?",
        description="For example, the council's Facebook page and the Northfield residents' newsletter.",
    )
    note: Note = None


class WeeklyLevelForm(BaseModel):
    level: TensionLevel = Field(title="Level")
    reason: str = Field(
        min_length=1,
        max_length=2000,
        title="Reason",
        description="Why this level, in a sentence or two. No names.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    published: bool = Field(
        default=False,
        title="Share this place-wide level and its reason with councillors",
        json_schema_extra={"widget": "checkbox"},
    )
    note: Note = None


class ExportPeriodForm(BaseModel):
    date_from: date = Field(title="From", description="For example, 2 11 2026.")
    date_to: date = Field(title="To", description="For example, 29 11 2026.")

    @field_validator("date_to")
    @classmethod
    def to_after_from(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("date_from")
        if isinstance(start, date) and value < start:
            raise form_error("To must be on or after the from date")
        if isinstance(start, date) and (value - start).days > 366:
            raise form_error("Choose a period of a year or less")
        return value
