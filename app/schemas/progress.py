"""Form models for the progress stage."""

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import ActionStatus
from app.schemas import Note
from app.schemas.fields import FIGURE_LIMIT


class UpdateForm(BaseModel):
    period_end: date = Field(
        title="Period ending", description="The last day this update covers, for example 30 6 2026."
    )
    status: ActionStatus = Field(title="Status")
    percent_complete: int = Field(
        ge=0,
        le=100,
        title="Percent complete",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-3"}},
    )
    what_happened: str = Field(
        min_length=1,
        max_length=5000,
        title="What happened",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 4}},
    )
    blockers: str | None = Field(
        default=None,
        max_length=5000,
        title="What is blocking progress (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    evidence: str | None = Field(
        default=None,
        max_length=5000,
        title="Evidence (optional)",
        description="Links or references, one per line.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    spent: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000_000,
        title="Spent so far, in pounds (optional)",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-10"}},
    )
    milestones_done: list[int] = Field(
        default_factory=list,
        title="Milestones reached (optional)",
        description="Tick any milestone that is now done; the plan marks it done.",
        json_schema_extra={"widget": "checkboxes"},
    )
    note: Note = None


class MeasurementForm(BaseModel):
    measured_on: date = Field(
        title="Date", description="The date the figure is for, or the end of its period."
    )
    value: float = Field(
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title="Value",
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )
    source: str | None = Field(default=None, max_length=300, title="Source (optional)")
    sample_size: int | None = Field(
        default=None,
        ge=1,
        le=10_000_000,
        title="Sample size (optional)",
        description="For a survey figure. With a percentage and no interval below, the "
        "95% confidence interval is worked out for you.",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-5"}},
    )
    ci_low: float | None = Field(
        default=None,
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title="Confidence interval from (optional)",
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )
    ci_high: float | None = Field(
        default=None,
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title="Confidence interval to (optional)",
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )
    notes: str | None = Field(
        default=None,
        max_length=2000,
        title="Notes (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    note: Note = None

    confirm_history: bool = Field(
        default=False,
        title="Yes, this figure is from before the baseline",
        description="It will be used as history, for the baseline forecast.",
        json_schema_extra={"widget": "checkbox"},
    )

    @field_validator("ci_high")
    @classmethod
    def interval_in_order(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("ci_low")
        if value is not None and isinstance(low, float) and value < low:
            raise form_error("The end of the confidence interval must not be below its start")
        measured = info.data.get("value")
        if (
            value is not None
            and isinstance(low, float)
            and isinstance(measured, float)
            and not low <= measured <= value
        ):
            raise form_error("The confidence interval must contain the value")
        return value


class StoryForm(BaseModel):
    story: str | None = Field(
        default=None,
        max_length=10000,
        title="The story behind the curve",
        description="Why the figures are moving the way they are.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 5}},
    )
    story_partners: str | None = Field(
        default=None,
        max_length=5000,
        title="Partners with a role to play",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    what_works: str | None = Field(
        default=None,
        max_length=10000,
        title="What works",
        description="What would turn the curve, from evidence and experience.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 4}},
    )
    note: Note = None


class FiguresImportForm(BaseModel):
    """Figures pasted from a spreadsheet; a CSV file comes as an upload beside them, outside the model."""

    figures: str | None = Field(default=None, title="Paste figures", json_schema_extra={"widget": "textarea"})
    confirm_history: bool = Field(
        default=False, title="Keep figures from before the baseline as history for the forecast"
    )
