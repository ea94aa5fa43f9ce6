"""HTML form models. Labels, hints and widgets live on the fields; ``app.forms`` renders and parses them."""

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import Role, StrategyStatus

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GSS_RE = re.compile(r"^[EWSN]\d{8}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The widest figure an indicator holds (a baseline, target, measurement or its interval): larger is a slip.
FIGURE_LIMIT = 1_000_000_000_000

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


class LoginForm(BaseModel):
    email: str = Field(
        min_length=1,
        max_length=254,
        title="Email address",
        json_schema_extra={"attributes": {"autocomplete": "email", "spellcheck": False}, "type": "email"},
    )
    password: str = Field(
        min_length=1,
        max_length=1000,
        title="Password",
        json_schema_extra={"widget": "password", "attributes": {"autocomplete": "current-password"}},
    )


class StrategyForm(BaseModel):
    title: str = Field(
        min_length=1,
        max_length=200,
        title="Title",
        description="For example, Cohesion strategy 2026 to 2029.",
    )
    start_date: date = Field(title="Start date", description="For example, 1 4 2026.")
    end_date: date = Field(title="End date", description="For example, 31 3 2029.")
    status: StrategyStatus = Field(title="Status")
    note: Note = None

    @field_validator("end_date")
    @classmethod
    def end_after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if isinstance(start, date) and value <= start:
            raise form_error("End date must be after the start date")
        return value


class PlaceForm(BaseModel):
    name: str = Field(min_length=1, max_length=200, title="Name")
    slug: str = Field(
        min_length=1,
        max_length=80,
        title="Short name for web addresses",
        description="Lower-case letters, numbers and hyphens, for example ‘northmoor’.",
    )
    gss_code: str = Field(
        min_length=1, max_length=9, title="ONS GSS code", description="9 characters, for example E08000099."
    )

    @field_validator("slug")
    @classmethod
    def slug_shape(cls, value: str) -> str:
        value = value.lower()
        if not SLUG_RE.match(value):
            raise form_error("Short name must only include lower-case letters, numbers and hyphens")
        return value

    @field_validator("gss_code")
    @classmethod
    def gss_shape(cls, value: str) -> str:
        value = value.upper()
        if not GSS_RE.match(value):
            raise form_error("Enter a GSS code like E08000099: a letter E, W, S or N then 8 numbers")
        return value


class AreaForm(BaseModel):
    name: str = Field(min_length=1, max_length=200, title="Name", description="A ward or neighbourhood.")
    gss_code: str | None = Field(default=None, max_length=9, title="ONS GSS code (optional)")
    population: int | None = Field(
        default=None,
        ge=0,
        le=10_000_000,
        title="Population (optional)",
        json_schema_extra={"attributes": {"inputmode": "numeric"}},
    )
    note: Note = None

    @field_validator("gss_code")
    @classmethod
    def gss_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.upper()
        if not GSS_RE.match(value):
            raise form_error("Enter a GSS code like E05000999: a letter E, W, S or N then 8 numbers")
        return value


class UserForm(BaseModel):
    name: str = Field(min_length=1, max_length=200, title="Full name")
    email: str = Field(
        min_length=1,
        max_length=254,
        title="Email address",
        json_schema_extra={"attributes": {"autocomplete": "off", "spellcheck": False}},
    )
    password: str = Field(
        min_length=12,
        max_length=1000,
        title="Password",
        description="At least 12 characters. Share it with the person securely.",
        json_schema_extra={
            "widget": "password",
            "messages": {"string_too_short": "Password must be 12 characters or more"},
            "attributes": {"autocomplete": "new-password"},
        },
    )
    is_admin: bool = Field(
        default=False, title="Administrator", description="Can create places, areas and users."
    )

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        value = value.strip().lower()
        if not EMAIL_RE.match(value):
            raise form_error("Enter an email address in the correct format, like name@example.org")
        return value


class MembershipForm(BaseModel):
    user_id: int = Field(
        title="Person", json_schema_extra={"widget": "select", "messages": {"missing": "Select a person"}}
    )
    role: Role = Field(title="Role")


class EditionForm(BaseModel):
    title: str = Field(
        min_length=1,
        max_length=200,
        title="Title of this edition",
        description="For example, Action plan, approved by Cabinet 12 March 2027.",
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
    note: str | None = Field(
        default=None,
        max_length=2000,
        title="Note (optional)",
        description="What this edition is for, or what changed since the last one.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
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
    note: str | None = Field(
        default=None,
        max_length=500,
        title="What changed (optional)",
        description="Shown in the section's history.",
    )


class LogoForm(BaseModel):
    """The logo file comes as an upload beside the form, outside the model."""

    remove: bool = Field(default=False, title="Remove the logo")
