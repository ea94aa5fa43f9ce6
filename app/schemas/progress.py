"""Form models for the progress stage."""

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import ActionStatus
from app.schemas import Note
from app.schemas.fields import checkboxes, figure, text, textarea, whole_number


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
    what_happened: str = textarea("What happened", max_length=5000, rows=4)
    blockers: str | None = textarea(
        "What is blocking progress (optional)", max_length=5000, rows=3, optional=True
    )
    evidence: str | None = textarea(
        "Evidence (optional)",
        max_length=5000,
        hint="Links or references, one per line.",
        rows=2,
        optional=True,
    )
    spent: int | None = whole_number("Spent so far, in pounds (optional)", ge=0, le=1_000_000_000, width=10)
    milestones_done: list[int] = checkboxes(
        "Milestones reached (optional)", hint="Tick any milestone that is now done; the plan marks it done."
    )
    note: Note = None


class MeasurementForm(BaseModel):
    measured_on: date = Field(
        title="Date", description="The date the figure is for, or the end of its period."
    )
    value: float = figure("Value", optional=False)
    source: str | None = text("Source (optional)", max_length=300, optional=True)
    sample_size: int | None = whole_number(
        "Sample size (optional)",
        ge=1,
        le=10_000_000,
        hint="For a survey figure. With a percentage and no interval below, the "
        "95% confidence interval is worked out for you.",
        width=5,
    )
    ci_low: float | None = figure("Confidence interval from (optional)")
    ci_high: float | None = figure("Confidence interval to (optional)")
    notes: str | None = textarea("Notes (optional)", max_length=2000, rows=2, optional=True)
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
    story: str | None = textarea(
        "The story behind the curve",
        max_length=10000,
        hint="Why the figures are moving the way they are.",
        rows=5,
        optional=True,
    )
    story_partners: str | None = textarea(
        "Partners with a role to play", max_length=5000, rows=3, optional=True
    )
    what_works: str | None = textarea(
        "What works",
        max_length=10000,
        hint="What would turn the curve, from evidence and experience.",
        rows=4,
        optional=True,
    )
    note: Note = None


class FiguresImportForm(BaseModel):
    """Figures pasted from a spreadsheet; a CSV file comes as an upload beside them, outside the model."""

    figures: str | None = Field(default=None, title="Paste figures", json_schema_extra={"widget": "textarea"})
    confirm_history: bool = Field(
        default=False, title="Keep figures from before the baseline as history for the forecast"
    )
