"""Form models for the listening stage, and the query strings of its lists."""

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator

from app.forms import form_error
from app.models import PROFILE_FIELDS, ConsentBasis, ListeningMethod, VoiceKind
from app.numbers_and_dates import read_whole_number
from app.schemas import Note
from app.schemas.fields import checkboxes, not_before, select, text, textarea, when_blank, whole_number
from app.schemas.queries import Day, Id, ListQuery, PageNumber, Words, member_of

MAX_VOICE_CHARS = 5000


class ExerciseForm(BaseModel):
    title: str = text("Title", max_length=200, hint="For example, Northfield youth club focus group.")
    method: ListeningMethod = Field(title="Method")
    start_date: date = Field(title="Start date", description="For example, 14 5 2026.")
    end_date: Annotated[
        date | None, not_before("start_date", "End date must be the same as or after the start date")
    ] = Field(default=None, title="End date (optional)", description="Leave blank for a single day.")
    area_ids: list[int] = checkboxes("Areas", hint="Select all that apply.")
    partners: str | None = textarea(
        "Partner organisations (optional)", max_length=2000, hint="One per line.", rows=3, optional=True
    )
    participants: int | None = whole_number("Number of participants (optional)", ge=0, le=1_000_000, width=5)
    consent_basis: ConsentBasis = Field(
        title="Consent basis", description="The lawful basis for what you recorded."
    )
    notes: str | None = textarea("Notes (optional)", max_length=10000, optional=True)
    note: Note = None


class VoiceForm(BaseModel):
    text: str = textarea(
        "What was said",
        max_length=MAX_VOICE_CHARS,
        hint="Write it as it was said or observed. Email addresses, phone numbers, full postcodes, "
        "National Insurance numbers and names people give are removed before it is saved.",
        rows=4,
        messages=when_blank("Enter what was said"),
    )
    kind: VoiceKind = Field(title="Kind")
    area_id: int | None = select("Area (optional)")
    theme_ids: list[int] = checkboxes(
        "Themes (optional)", hint="Select all that apply. The toolkit suggests themes after you save."
    )
    age_band: str | None = select("Age (optional)", max_length=40)
    ethnic_group: str | None = select("Ethnic group (optional)", max_length=80)
    gender: str | None = select("Gender (optional)", max_length=40)
    note: Note = None


class ScoreForm(BaseModel):
    """The 1 to 7 score for each Place Standard theme is read by the service (``score-<slug>`` fields)."""

    area_id: int | None = select("Area (optional)", hint="Leave blank for the whole place.")
    basis: str = Field(
        min_length=1,
        title="These scores are from",
        json_schema_extra={"widget": "radios", "messages": {"missing": "Select who the scores are from"}},
    )
    respondents: int = whole_number(
        "Number of respondents",
        ge=1,
        le=100_000,
        default=1,
        hint="For group averages: how many people the averages are from.",
        width=5,
    )

    @field_validator("basis")
    @classmethod
    def known_basis(cls, value: str) -> str:
        if value not in ("respondent", "group"):
            raise form_error("Select who the scores are from")
        return value


class SurveyUploadForm(BaseModel):
    """A survey export to import: the file comes as an upload beside the form, outside the model."""


class ImportCheckForm(BaseModel):
    """The check step of a survey import: the kind given to rows that have none. Which column feeds which
    field is one input a column of the file, read beside the model."""

    default_kind: VoiceKind = Field(
        default=VoiceKind.concern,
        title="Kind for rows with none",
        json_schema_extra={"messages": {"enum": "Select a kind"}},
    )


class ThemeForm(BaseModel):
    name: str = text("Theme name", max_length=120, hint="For example, Canal-side regeneration.")
    keywords: str | None = textarea(
        "Words that suggest this theme (optional)",
        max_length=2000,
        hint="Separate them with commas, for example: canal, towpath, boat, moorings. "
        "The toolkit uses them to suggest this theme, and learns more as people confirm it.",
        rows=3,
        optional=True,
    )


def _input(field: str, index: int) -> str:
    return f"profile-{field}-{index}"


# One who-took-part field's count inputs, each as (input name, group, what it shows, its error or None).
ProfileInputs = list[tuple[str, str, list[tuple[str, str, str, str | None]]]]


def profile_inputs(values: Mapping[str, str], errors: Mapping[str, str]) -> ProfileInputs:
    """The who-took-part fields as the form shows them: each field's label and one count input a group."""
    return [
        (
            field,
            label,
            [
                (_input(field, i), group, values.get(_input(field, i), ""), errors.get(_input(field, i)))
                for i, group in enumerate(groups)
            ],
        )
        for field, (label, groups) in PROFILE_FIELDS.items()
    ]


def profile_typed(raw: Mapping[str, Any]) -> dict[str, str]:
    """The who-took-part counts as typed (those not left blank), to show again with their errors."""
    return {k: str(value) for k, value in raw.items() if k.startswith("profile-") and str(value).strip()}


def profile_saved(profile: Mapping[str, Mapping[str, int]] | None) -> dict[str, str]:
    """A saved who-took-part breakdown as the form's inputs show it."""
    return {
        _input(field, i): str(count)
        for field, (_, groups) in PROFILE_FIELDS.items()
        for i, group in enumerate(groups)
        if (count := (profile or {}).get(field, {}).get(group))
    }


def profile_rows(profile: Mapping[str, Mapping[str, int]] | None) -> list[tuple[str, Mapping[str, int]]]:
    """A saved who-took-part breakdown as an exercise's page lists it: each field's label with its counts."""
    return [(PROFILE_FIELDS[f][0], counts) for f, counts in (profile or {}).items() if f in PROFILE_FIELDS]


def parse_profile(raw: Mapping[str, Any]) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """Who took part, from fields named ``profile-<field>-<n>``: whole numbers, 0 or more, all optional."""
    profile: dict[str, dict[str, int]] = {}
    errors: dict[str, str] = {}
    for field, (label, groups) in PROFILE_FIELDS.items():
        for index, group in enumerate(groups):
            name = _input(field, index)
            value = str(raw.get(name) or "").strip()
            if not value:
                continue
            count = read_whole_number(value, high=1_000_000)
            if count is None:
                errors.setdefault(name, f"{label}, {group}: enter a whole number, like 12")
                continue
            if count > 0:
                profile.setdefault(field, {})[group] = count
    return profile, errors


# --- The query strings of the stage's lists ------------------------------------------------------------


class ExerciseFilters(ListQuery):
    """The exercises' list: ``?method=&area=&date_from=&date_to=``."""

    method: Annotated[str | None, member_of(ListeningMethod)] = None
    area_id: Id = Field(None, validation_alias="area")
    date_from: Day = None
    date_to: Day = None


class VoiceFilters(ListQuery):
    """What people said: ``?theme=&area=&kind=&exercise=&q=&page=``; ``area=none`` is the voices given no
    area, and ``action`` the voices behind one action (its screen finds which)."""

    theme_id: Id = Field(None, validation_alias="theme")
    area_id: Id = Field(None, validation_alias="area")
    no_area: bool = False
    kind: Annotated[str | None, member_of(VoiceKind)] = None
    exercise_id: Id = Field(None, validation_alias="exercise")
    search: Words = Field(None, validation_alias="q")
    page: PageNumber = 1
    action_id: Id = Field(None, validation_alias="action")

    @model_validator(mode="before")
    @classmethod
    def _no_area(cls, data: Any) -> Any:
        return {**data, "no_area": True} if isinstance(data, dict) and data.get("area") == "none" else data


class QueueFilters(ListQuery):
    """The "needs themes" queue: ``?exercise=&area=&kind=&page=``."""

    exercise_id: Id = Field(None, validation_alias="exercise")
    area_id: Id = Field(None, validation_alias="area")
    kind: Annotated[str | None, member_of(VoiceKind)] = None
    page: PageNumber = 1
