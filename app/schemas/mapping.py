"""Form models for the strengths and struggles stage."""

import re
from datetime import date

from pydantic import BaseModel, Field, field_validator

from app.forms import DATE_RANGE, date_in_range, form_error, read_date_text
from app.models import StrengthKind, StrengthStatus, Trend
from app.schemas import Note

PHONE_OR_EMAIL = re.compile(r"@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|\+44")


class StrengthForm(BaseModel):
    name: str = Field(
        min_length=1, max_length=200, title="Name", description="For example, Riverside mosque open kitchen."
    )
    kind: StrengthKind = Field(title="Kind")
    status: StrengthStatus = Field(title="Status")
    organisation: str | None = Field(
        default=None,
        max_length=200,
        title="Organisation (optional)",
        description="Who runs it. No personal contact details.",
    )
    area_ids: list[int] = Field(
        default_factory=list, title="Areas", json_schema_extra={"widget": "checkboxes"}
    )
    theme_ids: list[int] = Field(
        default_factory=list, title="Themes", json_schema_extra={"widget": "checkboxes"}
    )
    description: str | None = Field(
        default=None,
        max_length=5000,
        title="Description (optional)",
        json_schema_extra={"widget": "textarea"},
    )
    exercise_ids: list[int] = Field(
        default_factory=list,
        title="Exercises as evidence (optional)",
        json_schema_extra={"widget": "checkboxes"},
    )
    voice_ids: list[int] = Field(
        default_factory=list,
        title="Voices as evidence (optional)",
        description="Untick a voice to remove it. Add voices from the record's page.",
        json_schema_extra={"widget": "checkboxes"},
    )
    note: Note = None

    @field_validator("organisation")
    @classmethod
    def no_contact_details(cls, value: str | None) -> str | None:
        if value and PHONE_OR_EMAIL.search(value):
            raise form_error("Organisation must not include an email address or phone number")
        return value

    @field_validator("area_ids")
    @classmethod
    def at_least_one_area(cls, value: list[int]) -> list[int]:
        if not value:
            raise form_error("Select at least one area")
        return value

    @field_validator("theme_ids")
    @classmethod
    def at_least_one_theme(cls, value: list[int]) -> list[int]:
        if not value:
            raise form_error("Select at least one theme")
        return value


class StruggleForm(BaseModel):
    title: str = Field(
        min_length=1,
        max_length=200,
        title="Title",
        description="For example, Tension over the hotel used for asylum accommodation.",
    )
    severity: int = Field(
        ge=1,
        le=5,
        title="Severity",
        description="From 1 (minor) to 5 (severe).",
        json_schema_extra={"widget": "radios", "messages": {"missing": "Select how severe it is"}},
    )
    trend: Trend = Field(title="Trend")
    area_ids: list[int] = Field(
        default_factory=list, title="Areas", json_schema_extra={"widget": "checkboxes"}
    )
    theme_ids: list[int] = Field(
        default_factory=list, title="Themes", json_schema_extra={"widget": "checkboxes"}
    )
    description: str | None = Field(
        default=None,
        max_length=5000,
        title="Description (optional)",
        json_schema_extra={"widget": "textarea"},
    )
    groups_affected: str | None = Field(
        default=None,
        max_length=2000,
        title="Groups affected (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    data_sources: str | None = Field(
        default=None,
        max_length=4000,
        title="Outside data sources (optional)",
        description="One per line: the source, a comma, then its date, for example: "
        "Police recorded hate crime, 31/03/2026",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    exercise_ids: list[int] = Field(
        default_factory=list,
        title="Exercises as evidence (optional)",
        json_schema_extra={"widget": "checkboxes"},
    )
    voice_ids: list[int] = Field(
        default_factory=list,
        title="Voices as evidence (optional)",
        description="Untick a voice to remove it. Add voices from the record's page.",
        json_schema_extra={"widget": "checkboxes"},
    )
    note: Note = None

    at_least_one_area = field_validator("area_ids")(StrengthForm.at_least_one_area.__func__)  # type: ignore[attr-defined]
    at_least_one_theme = field_validator("theme_ids")(StrengthForm.at_least_one_theme.__func__)  # type: ignore[attr-defined]

    @field_validator("data_sources")
    @classmethod
    def sources_have_dates(cls, value: str | None) -> str | None:
        for number, line in enumerate((value or "").splitlines(), start=1):
            if line.strip() and parse_source(line) is None:
                found = read_date_text(line.rpartition(",")[2])
                if found is not None and not date_in_range(found):
                    raise form_error(f"Line {number} of the data sources: the date must be {DATE_RANGE}")
                raise form_error(
                    f"Line {number} of the data sources must be a source, a comma, "
                    "then a date like 31/03/2026"
                )
        return value


def parse_source(line: str) -> dict[str, str] | None:
    """ "Police recorded hate crime, 31/03/2026" -> {"name": ..., "date": "2026-03-31"}, or None."""
    name, _, when = line.strip().rpartition(",")
    found = read_date_text(when)
    if not name.strip() or found is None or not date_in_range(found):
        return None
    return {"name": name.strip(), "date": found.isoformat()}


def parse_sources(text: str | None) -> list[dict[str, str]]:
    return [source for line in (text or "").splitlines() if (source := parse_source(line))]


def sources_text(sources: list[dict[str, str]]) -> str:
    return "\n".join(f"{s['name']}, {date.fromisoformat(s['date']):%d/%m/%Y}" for s in sources)
