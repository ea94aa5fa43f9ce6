"""Form models for the strengths and struggles stage, and the query string of their lists."""

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from app.forms import form_error
from app.models import StrengthKind, StrengthStatus, Trend
from app.numbers_and_dates import DATE_RANGE, date_in_range, read_date_text
from app.schemas import Note
from app.schemas.fields import RequiredAreaIds, RequiredThemeIds, checkboxes, one_to_five, text, textarea
from app.schemas.listening import VoiceFilters
from app.schemas.queries import Id, ListQuery, Typed, member_of

PHONE_OR_EMAIL = re.compile(r"@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|\+44")


class StrengthForm(BaseModel):
    name: str = text("Name", max_length=200, hint="For example, Riverside mosque open kitchen.")
    kind: StrengthKind = Field(title="Kind")
    status: StrengthStatus = Field(title="Status")
    organisation: str | None = text(
        "Organisation (optional)",
        max_length=200,
        hint="Who runs it. No personal contact details.",
        optional=True,
    )
    area_ids: RequiredAreaIds = checkboxes("Areas")
    theme_ids: RequiredThemeIds = checkboxes("Themes")
    description: str | None = textarea("Description (optional)", max_length=5000, optional=True)
    exercise_ids: list[int] = checkboxes("Exercises as evidence (optional)")
    voice_ids: list[int] = checkboxes(
        "Voices as evidence (optional)",
        hint="Untick a voice to remove it. Add voices from the record's page.",
    )
    note: Note = None

    @field_validator("organisation")
    @classmethod
    def no_contact_details(cls, value: str | None) -> str | None:
        if value and PHONE_OR_EMAIL.search(value):
            raise form_error("Organisation must not include an email address or phone number")
        return value


class StruggleForm(BaseModel):
    title: str = text(
        "Title", max_length=200, hint="For example, Tension over the hotel used for asylum accommodation."
    )
    severity: int = one_to_five(
        "Severity", hint="From 1 (minor) to 5 (severe).", missing="Select how severe it is"
    )
    trend: Trend = Field(title="Trend")
    area_ids: RequiredAreaIds = checkboxes("Areas")
    theme_ids: RequiredThemeIds = checkboxes("Themes")
    description: str | None = textarea("Description (optional)", max_length=5000, optional=True)
    groups_affected: str | None = textarea(
        "Groups affected (optional)", max_length=2000, rows=2, optional=True
    )
    data_sources: str | None = textarea(
        "Outside data sources (optional)",
        max_length=4000,
        hint="One per line: the source, a comma, then its date, for example: "
        "Police recorded hate crime, 31/03/2026",
        rows=3,
        optional=True,
    )
    exercise_ids: list[int] = checkboxes("Exercises as evidence (optional)")
    voice_ids: list[int] = checkboxes(
        "Voices as evidence (optional)",
        hint="Untick a voice to remove it. Add voices from the record's page.",
    )
    note: Note = None

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


class MappingFilters(ListQuery):
    """A list of strengths or struggles: ``?area=&theme=``, and for strengths ``kind_filter=&status=``."""

    kind: Annotated[str | None, member_of(StrengthKind)] = Field(None, validation_alias="kind_filter")
    status: Annotated[str | None, member_of(StrengthStatus)] = None
    area_id: Id = Field(None, validation_alias="area")
    theme_id: Id = Field(None, validation_alias="theme")


class EvidenceSearch(ListQuery):
    """The search for voices on a strength's or struggle's page, ``?q=&theme=&area=``, kept as it was typed
    so the page can show it again."""

    q: Typed = ""
    theme: Typed = ""
    area: Typed = ""

    def voices(self) -> VoiceFilters | None:
        """The voices it asks for, or None when it asks for nothing."""
        asked = {key: value for key, value in self.model_dump().items() if value}
        return VoiceFilters.model_validate(asked) if asked else None
