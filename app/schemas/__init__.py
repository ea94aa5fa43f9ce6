"""HTML form models. Labels, hints and widgets live on the fields; ``app.forms`` renders and parses them."""

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, field_validator

from app.forms import form_error
from app.models import Role, StrategyStatus
from app.schemas.fields import (
    EmailAddress,
    email_input,
    not_before,
    password_input,
    text,
    textarea,
    whole_number,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GSS_RE = re.compile(r"^[EWSN]\d{8}$")

Note = Annotated[
    str | None,
    Field(
        default=None,
        max_length=500,
        title="Note about this change (optional)",
        description="Shown in the history, for example ‘Dates agreed at Cabinet’.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    ),
]


def _gss_shape(example: str) -> AfterValidator:
    """A GSS code in capitals; one of another shape is refused, with ``example`` in the message."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        value = value.upper()
        if not GSS_RE.match(value):
            raise form_error(f"Enter a GSS code like {example}: a letter E, W, S or N then 8 numbers")
        return value

    return AfterValidator(check)


class LoginForm(BaseModel):
    email: str = Field(
        min_length=1,
        max_length=254,
        title="Email address",
        json_schema_extra={"attributes": {"autocomplete": "email", "spellcheck": False, "type": "email"}},
    )
    password: str = password_input("Password", autocomplete="current-password")


class StrategyForm(BaseModel):
    title: str = text("Title", max_length=200, hint="For example, Cohesion strategy 2026 to 2029.")
    start_date: date = Field(title="Start date", description="For example, 1 4 2026.")
    end_date: Annotated[
        date, not_before("start_date", "End date must be after the start date", same_day=False)
    ] = Field(title="End date", description="For example, 31 3 2029.")
    status: StrategyStatus = Field(title="Status")
    note: Note = None


class PlaceForm(BaseModel):
    name: str = text("Name", max_length=200)
    slug: str = text(
        "Short name for web addresses",
        max_length=80,
        hint="Lower-case letters, numbers and hyphens, for example ‘northmoor’.",
    )
    gss_code: Annotated[str, _gss_shape("E08000099")] = text(
        "ONS GSS code", max_length=9, hint="9 characters, for example E08000099."
    )

    @field_validator("slug")
    @classmethod
    def slug_shape(cls, value: str) -> str:
        value = value.lower()
        if not SLUG_RE.match(value):
            raise form_error("Short name must only include lower-case letters, numbers and hyphens")
        return value


class PlaceFileForm(BaseModel):
    """A boundary or census file to check: the files come as uploads beside the form, outside the model."""


class AreaForm(BaseModel):
    name: str = text("Name", max_length=200, hint="A ward or neighbourhood.")
    gss_code: Annotated[str | None, _gss_shape("E05000999")] = text(
        "ONS GSS code (optional)", max_length=9, optional=True
    )
    welsh_name: str | None = text("Welsh name (optional)", max_length=200, optional=True)
    population: int | None = whole_number("Population (optional)", ge=0, le=10_000_000)
    note: Note = None


class UserForm(BaseModel):
    name: str = text("Full name", max_length=200)
    email: EmailAddress = email_input()
    password: str = password_input(
        "Password",
        autocomplete="new-password",
        min_length=12,
        hint="At least 12 characters. Share it with the person securely.",
        messages={"string_too_short": "Password must be 12 characters or more"},
    )
    is_admin: bool = Field(
        default=False, title="Administrator", description="Can create places, areas and users."
    )


class MembershipForm(BaseModel):
    user_id: int = Field(
        title="Person", json_schema_extra={"widget": "select", "messages": {"missing": "Select a person"}}
    )
    role: Role = Field(title="Role")
    tension_log: bool = Field(
        default=False,
        title="Can use the tension log",
        description="Officers read and write it, facilitators read it; councillors never see it.",
        json_schema_extra={"widget": "checkbox"},
    )


class EditionForm(BaseModel):
    title: str = text(
        "Title of this edition",
        max_length=200,
        hint="For example, Action plan, approved by Cabinet 12 March 2027.",
    )
    decided_on: date | None = Field(
        default=None,
        title="Date of the decision (optional)",
        description="The date it was approved or agreed, for example 12 3 2027.",
    )
    decision_to_come: bool = Field(
        default=False,
        title="The decision is still to come",
        description="Tick this when the date above is a meeting that has not happened yet.",
    )
    note: str | None = textarea(
        "Note (optional)",
        max_length=2000,
        hint="What this edition is for, or what changed since the last one.",
        rows=3,
        optional=True,
    )


class NarrativeForm(BaseModel):
    body: str = Field(
        default="",
        max_length=20000,
        title="Text",
        description=(
            "Leave a blank line between paragraphs. Start a line with ## for a heading, - for a bullet, "
            "or 1. "
            "for a numbered list. Put **two stars** around words for bold."
        ),
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 14}},
    )
    note: str | None = text(
        "What changed (optional)", max_length=500, hint="Shown in the section's history.", optional=True
    )


class LogoForm(BaseModel):
    """The logo file comes as an upload beside the form, outside the model."""

    remove: bool = Field(default=False, title="Remove the logo")
