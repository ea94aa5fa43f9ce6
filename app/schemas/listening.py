"""Form models for the listening stage."""

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import ConsentBasis, ListeningMethod, VoiceKind
from app.schemas import Note

MAX_VOICE_CHARS = 5000


class ExerciseForm(BaseModel):
    title: str = Field(
        min_length=1,
        max_length=200,
        title="Title",
        description="For example, Northfield youth club focus group.",
    )
    method: ListeningMethod = Field(title="Method")
    start_date: date = Field(title="Start date", description="For example, 14 5 2026.")
    end_date: date | None = Field(
        default=None, title="End date (optional)", description="Leave blank for a single day."
    )
    area_ids: list[int] = Field(
        default_factory=list,
        title="Areas",
        description="Select all that apply.",
        json_schema_extra={"widget": "checkboxes"},
    )
    partners: str | None = Field(
        default=None,
        max_length=2000,
        title="Partner organisations (optional)",
        description="One per line.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    participants: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        title="Number of participants (optional)",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-5"}},
    )
    consent_basis: ConsentBasis = Field(
        title="Consent basis", description="The lawful basis for what you recorded."
    )
    notes: str | None = Field(
        default=None, max_length=10000, title="Notes (optional)", json_schema_extra={"widget": "textarea"}
    )
    note: Note = None

    @field_validator("end_date")
    @classmethod
    def end_not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and isinstance(start, date) and value < start:
            raise form_error("End date must be the same as or after the start date")
        return value


class VoiceForm(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=MAX_VOICE_CHARS,
        title="What was said",
        description="Write it as it was said or observed. Email addresses, phone numbers, full postcodes, "
        "National Insurance numbers and names people give are removed before it is saved.",
        json_schema_extra={
            "widget": "textarea",
            "attributes": {"rows": 4},
            "messages": {"missing": "Enter what was said", "string_too_short": "Enter what was said"},
        },
    )
    kind: VoiceKind = Field(title="Kind")
    area_id: int | None = Field(default=None, title="Area (optional)", json_schema_extra={"widget": "select"})
    theme_ids: list[int] = Field(
        default_factory=list,
        title="Themes (optional)",
        description="Select all that apply. The toolkit suggests themes after you save.",
        json_schema_extra={"widget": "checkboxes"},
    )
    age_band: str | None = Field(
        default=None, max_length=40, title="Age (optional)", json_schema_extra={"widget": "select"}
    )
    ethnic_group: str | None = Field(
        default=None, max_length=80, title="Ethnic group (optional)", json_schema_extra={"widget": "select"}
    )
    gender: str | None = Field(
        default=None, max_length=40, title="Gender (optional)", json_schema_extra={"widget": "select"}
    )
    note: Note = None


class ScoreForm(BaseModel):
    """The 1 to 7 score for each Place Standard theme is read by the service (``score-<slug>`` fields)."""

    area_id: int | None = Field(
        default=None,
        title="Area (optional)",
        description="Leave blank for the whole place.",
        json_schema_extra={"widget": "select"},
    )
    basis: str = Field(
        min_length=1,
        title="These scores are from",
        json_schema_extra={"widget": "radios", "messages": {"missing": "Select who the scores are from"}},
    )
    respondents: int = Field(
        default=1,
        ge=1,
        le=100_000,
        title="Number of respondents",
        description="For group averages: how many people the averages are from.",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-5"}},
    )

    @field_validator("basis")
    @classmethod
    def known_basis(cls, value: str) -> str:
        if value not in ("respondent", "group"):
            raise form_error("Select who the scores are from")
        return value


class SurveyUploadForm(BaseModel):
    """A survey export to import: the file comes as an upload beside the form, outside the model."""


class ThemeForm(BaseModel):
    name: str = Field(
        min_length=1, max_length=120, title="Theme name", description="For example, Canal-side regeneration."
    )
    keywords: str | None = Field(
        default=None,
        max_length=2000,
        title="Words that suggest this theme (optional)",
        description="Separate them with commas, for example: canal, towpath, boat, moorings. "
        "The toolkit uses them to suggest this theme, and learns more as people confirm it.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
