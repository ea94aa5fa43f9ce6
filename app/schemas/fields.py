"""The kinds of field the form models share, each with its widget, limits and checks written once.

A helper returns the pydantic ``Field`` of a form model's field (its label is ``title``, its hint ``hint``);
a check is an ``AfterValidator`` to put in the field's ``Annotated`` type.
"""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo
from pydantic_core import PydanticUndefined

from app.forms import form_error

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The widest figure an indicator holds (a baseline, target, measurement or its interval): larger is a slip.
FIGURE_LIMIT = 1_000_000_000_000


def when_blank(message: str) -> dict[str, str]:
    """The ``messages`` that show ``message`` for a field left blank."""
    return {"missing": message, "string_too_short": message}


def _typed(
    title: str, max_length: int, hint: str | None, optional: bool, extra: dict[str, Any] | None
) -> Any:
    return Field(
        default=None if optional else PydanticUndefined,
        min_length=None if optional else 1,
        max_length=max_length,
        title=title,
        description=hint,
        json_schema_extra=extra,
    )


def text(title: str, *, max_length: int, hint: str | None = None, optional: bool = False) -> Any:
    """A one-line text box; a required one refuses a blank value."""
    return _typed(title, max_length, hint, optional, None)


def textarea(
    title: str,
    *,
    max_length: int,
    hint: str | None = None,
    rows: int | None = None,
    optional: bool = False,
    messages: dict[str, str] | None = None,
) -> Any:
    """A text area ``rows`` lines high (GOV.UK's 5 by default); a required one refuses a blank value."""
    extra: dict[str, Any] = {"widget": "textarea"}
    if rows is not None:
        extra["attributes"] = {"rows": rows}
    if messages is not None:
        extra["messages"] = messages
    return _typed(title, max_length, hint, optional, extra)


def email_input(
    *,
    hint: str | None = None,
    attributes: dict[str, Any] | None = None,
    messages: dict[str, str] | None = None,
) -> Any:
    """An email address box (``type="email"``, for a phone's email keyboard); unless ``attributes`` say
    otherwise, the browser neither fills it in nor checks its spelling (it is someone else's address)."""
    extra: dict[str, Any] = {} if messages is None else {"messages": messages}
    extra["attributes"] = {"type": "email", **(attributes or {"autocomplete": "off", "spellcheck": False})}
    return Field(
        min_length=1, max_length=254, title="Email address", description=hint, json_schema_extra=extra
    )


def password_input(
    title: str,
    *,
    autocomplete: str,
    min_length: int = 1,
    hint: str | None = None,
    messages: dict[str, str] | None = None,
) -> Any:
    """A password box; ``autocomplete`` tells a password manager whether to fill in a saved password
    ("current-password") or offer a new one ("new-password")."""
    extra: dict[str, Any] = {"widget": "password"}
    if messages is not None:
        extra["messages"] = messages
    extra["attributes"] = {"autocomplete": autocomplete}
    return Field(
        min_length=min_length, max_length=1000, title=title, description=hint, json_schema_extra=extra
    )


def whole_number(
    title: str,
    *,
    ge: int,
    le: int,
    default: int | None = None,
    hint: str | None = None,
    width: int | None = None,
    messages: dict[str, str] | None = None,
) -> Any:
    """A whole number from ``ge`` to ``le``, typed with a numeric keypad on phones into a box ``width``
    characters wide (the full width when None)."""
    attributes: dict[str, Any] = {"inputmode": "numeric"}
    if width is not None:
        attributes["classes"] = f"govuk-input--width-{width}"
    extra: dict[str, Any] = {"attributes": attributes}
    if messages is not None:
        extra["messages"] = messages
    return Field(default=default, ge=ge, le=le, title=title, description=hint, json_schema_extra=extra)


def one_to_five(title: str, *, hint: str, missing: str) -> Any:
    """A rating from 1 to 5, chosen with radios; ``missing`` is the message when none is chosen."""
    return Field(
        ge=1,
        le=5,
        title=title,
        description=hint,
        json_schema_extra={"widget": "radios", "messages": {"missing": missing}},
    )


def checkboxes(title: str, *, hint: str | None = None) -> Any:
    """Ticked ids from a list of choices; none ticked is an empty list."""
    return Field(
        default_factory=list, title=title, description=hint, json_schema_extra={"widget": "checkboxes"}
    )


def select(title: str, *, hint: str | None = None, max_length: int | None = None) -> Any:
    """An optional choice from a drop-down list."""
    return Field(
        default=None,
        max_length=max_length,
        title=title,
        description=hint,
        json_schema_extra={"widget": "select"},
    )


def figure(title: str, *, optional: bool = True) -> Any:
    """A measured or planned figure: any finite number, within ``FIGURE_LIMIT`` either side of zero."""
    return Field(
        default=None if optional else PydanticUndefined,
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title=title,
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )


def at_least_one(message: str) -> AfterValidator:
    """Refuses a list of choices with none ticked."""

    def check(value: list[int]) -> list[int]:
        if not value:
            raise form_error(message)
        return value

    return AfterValidator(check)


def not_before(earlier: str, message: str, *, same_day: bool = True) -> AfterValidator:
    """Refuses a date before the date in the field ``earlier`` (or on it, unless ``same_day``); a date left
    blank, or an earlier date that was itself refused, is not compared."""

    def check(value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get(earlier)
        if (
            value is not None
            and isinstance(start, date)
            and (value < start or (value == start and not same_day))
        ):
            raise form_error(message)
        return value

    return AfterValidator(check)


def _email_shape(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value):
        raise form_error("Enter an email address in the correct format, like name@example.org")
    return value


# An email address as it is kept: trimmed and in lower case, refused unless it looks like one.
EmailAddress = Annotated[str, AfterValidator(_email_shape)]

# The areas and themes of a record that must have at least one of each.
RequiredAreaIds = Annotated[list[int], at_least_one("Select at least one area")]
RequiredThemeIds = Annotated[list[int], at_least_one("Select at least one theme")]
