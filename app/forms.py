"""One way to read an HTML form: parse it into a pydantic model, or return GOV.UK-style errors.

A form model is a pydantic model whose fields carry their label (``title``), hint (``description``) and
widget in ``json_schema_extra``. ``parse_form`` turns pydantic's errors into one plain message per field,
and ``form_fields`` gives the template everything the shared field component needs, including what the
user typed, so a form with errors is shown again exactly as it was sent.

Numbers and dates are read for every form with ``app.numbers_and_dates``: a number is finite and within its
field's ``ge``/``le`` bounds, a date is between 1900 and 2100.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar, get_args

from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from app.numbers_and_dates import (
    DATE_RANGE,
    EARLIEST_DATE,
    ID_RANGE,
    LATEST_DATE,
    date_in_range,
    read_number,
    read_whole_number,
)

M = TypeVar("M", bound=BaseModel)
DATE_PARTS = ("day", "month", "year")


def form_error(message: str) -> PydanticCustomError:
    """Raise from a validator to show ``message`` as it is, against the field."""
    return PydanticCustomError("form", message)


@dataclass
class FormState(Generic[M]):
    """A parsed form: the model when valid, else the errors; always the raw values to show again."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    data: M | None = None

    @property
    def valid(self) -> bool:
        return self.data is not None and not self.errors


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _enum_of(annotation: Any) -> type[StrEnum] | None:
    """The StrEnum a field holds, also when it is optional (``X | None``)."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return candidate
    return None


def _widget(info: FieldInfo) -> str:
    widget = _extra(info).get("widget")
    if isinstance(widget, str):
        return widget
    annotation = info.annotation
    if annotation is date or annotation == (date | None):
        return "date"
    if _enum_of(annotation) is not None:
        return "radios"
    if annotation is bool:
        return "checkbox"
    return "input"


def _label(name: str, info: FieldInfo) -> str:
    return info.title or name.replace("_", " ").capitalize()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _message(name: str, info: FieldInfo, error: Mapping[str, Any]) -> str:
    label = _label(name, info)
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    custom = _extra(info).get("messages", {})
    if kind in custom:
        return str(custom[kind])
    if kind == "form":
        return str(error["msg"])
    widget = _widget(info)
    if kind in ("missing", "string_too_short"):
        verb = "Select" if widget == "radios" else "Enter"
        return f"{verb} {_lower_first(label)}"
    if kind == "string_too_long":
        return f"{label} must be {ctx.get('max_length')} characters or fewer"
    if kind == "date_range":
        return f"{label} must be {DATE_RANGE}"
    if kind.startswith("date") or widget == "date":
        return f"{label} must be a real date"
    if kind in ("number", "whole_number") and widget in ("radios", "select", "checkboxes"):
        return str(custom.get("missing", f"Select {_lower_first(label)}"))  # not one of the choices
    return _wrong_value(label, kind, ctx, str(error.get("msg", "")))


def _wrong_value(label: str, kind: str, ctx: Mapping[str, Any], msg: str) -> str:
    """The message for a value of the wrong kind or size: not a whole number, not one of the choices, not
    a number, out of bounds, not an email address."""
    if kind == "whole_number":
        return f"{label} must be a whole number"
    if kind == "enum" or kind == "literal_error":
        return f"Select {_lower_first(label)}"
    if kind == "number" or (
        kind.startswith(("int", "float", "decimal")) and (kind.endswith("parsing") or kind.endswith("_type"))
    ):
        return f"{label} must be a number"
    if kind.startswith("greater_than"):
        return f"{label} must be {ctx.get('ge', ctx.get('gt'))} or more"
    if kind.startswith("less_than"):
        return f"{label} must be {ctx.get('le', ctx.get('lt'))} or less"
    if kind == "value_error" and "email" in msg.lower():
        return "Enter an email address in the correct format, like name@example.org"
    return f"Check {_lower_first(label)}"


def _collect_date(raw: Mapping[str, Any], name: str) -> tuple[Any, dict[str, str]]:
    parts = {part: str(raw.get(f"{name}-{part}", "")).strip() for part in DATE_PARTS}
    if not any(parts.values()):
        return None, parts
    try:
        found = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return "invalid-date", parts
    return (found if date_in_range(found) else "date-out-of-range"), parts


def read_values(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The values as typed, keyed by field name (dates as their day, month and year parts)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if _widget(info) == "date":
            _, values[name] = _collect_date(raw, name)
        elif _widget(info) == "checkboxes":
            getter = getattr(raw, "getlist", None)
            values[name] = [
                _clean(v) if isinstance(v, str) else v
                for v in (getter(name) if getter else raw.get(name) or [])
            ]
        elif _widget(info) == "checkbox":
            values[name] = raw.get(name) in ("on", "true", "yes", "1")
        else:
            value = raw.get(name)
            values[name] = _clean(value) if isinstance(value, str) else value
    return values


def _clean(text: str) -> str:
    """What was typed, without surrounding spaces or NUL characters (no database stores NUL in text)."""
    return text.replace("\x00", "").strip()


def parse_form(model: type[M], raw: Mapping[str, Any]) -> FormState[M]:
    values = read_values(model, raw)
    candidate: dict[str, Any] = {}
    refused: dict[str, str] = {}  # dates and numbers refused before the model sees them
    for name, info in model.model_fields.items():
        value = _collect_date(raw, name)[0] if _widget(info) == "date" else values[name]
        if value in ("", None):
            continue  # missing: the default for an optional field, "Enter …" for a required one
        value, problem = _typed(info, value)
        if problem is None:
            candidate[name] = value
        else:
            refused[name] = _message(name, info, problem)
    try:
        data = model.model_validate(candidate)
    except ValidationError as exc:
        errors = _messages(model, exc, refused)
        return FormState(values=values, errors=_in_field_order(model, errors))
    if refused:
        return FormState(values=values, errors=_in_field_order(model, refused))
    return FormState(values=values, data=data)


_DATE_PROBLEMS = {"invalid-date": "date_parsing", "date-out-of-range": "date_range"}


def _typed(info: FieldInfo, value: Any) -> tuple[Any, dict[str, Any] | None]:
    """A field's value as its type (a date, a number, a list of ids), or the error that refuses it."""
    if _widget(info) == "date" and value in _DATE_PROBLEMS:
        return None, {"type": _DATE_PROBLEMS[value]}
    number_type = _number_type(info.annotation)
    if number_type is not None and isinstance(value, str):
        return _field_number(number_type, info, value)
    if info.annotation == list[int] and isinstance(value, list):
        ids = [read_whole_number(str(item), low=ID_RANGE[0]) for item in value]
        return (None, {"type": "number"}) if None in ids else (ids, None)
    return value, None


def _messages(model: type[BaseModel], exc: ValidationError, errors: Mapping[str, str]) -> dict[str, str]:
    """One plain message per field, the first pydantic gives, after any already found."""
    messages = dict(errors)
    for error in exc.errors():
        loc = error.get("loc") or ("",)
        name = str(loc[0]) if loc else ""
        if name not in model.model_fields:
            name = next(iter(model.model_fields))
        if name not in messages:
            messages[name] = _message(name, model.model_fields[name], error)
    return messages


class FormInvalid(Exception):
    """Saved values that the form would refuse today, with a message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def form_from_values(model: type[M], values: Mapping[str, Any]) -> M:
    """A form model from saved values (an earlier version being restored), checked as a submitted form
    is: a blank value counts as not given, as it does in ``parse_form``. Refused with ``FormInvalid``."""
    candidate = {
        name: values[name] for name in model.model_fields if name in values and values[name] not in ("", None)
    }
    out_of_range = {
        name: f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}"
        for name, value in candidate.items()
        if isinstance(value, date) and not date_in_range(value)
    }
    try:
        form = model.model_validate(candidate)
    except ValidationError as exc:
        raise FormInvalid(_in_field_order(model, {**_messages(model, exc, {}), **out_of_range})) from None
    if out_of_range:
        raise FormInvalid(_in_field_order(model, out_of_range))
    return form


def _number_type(annotation: Any) -> type[int] | type[float] | None:
    """int or float when a field holds one number (also when optional); never bool, a kind of int."""
    for candidate in (annotation, *get_args(annotation)):
        if candidate is int or candidate is float:
            return candidate
    return None


def _bound(info: FieldInfo, kind: type[Ge] | type[Le]) -> Decimal | None:
    for item in info.metadata:
        if isinstance(item, kind):
            limit = item.ge if isinstance(item, Ge) else item.le
            return Decimal(str(limit))
    return None


def _show(number: Decimal) -> str:
    return f"{int(number):,}" if number == number.to_integral_value() else f"{number:,f}"


def _field_number(
    number_type: type[int] | type[float], info: FieldInfo, text: str
) -> tuple[int | float | None, dict[str, Any] | None]:
    """The typed number for a numeric field, or the error to show: a field's bounds are its ``ge``/``le``;
    a whole number without them is an id, which must fit the database's integer column."""
    low, high = _bound(info, Ge), _bound(info, Le)
    ctx = {"ge": None if low is None else _show(low), "le": None if high is None else _show(high)}
    number = read_number(text)
    whole = number_type is int
    if number is None or (whole and number != number.to_integral_value()):
        return None, {"type": "whole_number" if whole and number is not None else "number", "ctx": ctx}
    if whole and low is None and high is None and not ID_RANGE[0] <= number <= ID_RANGE[1]:
        return None, {"type": "number", "ctx": ctx}
    if low is not None and number < low:
        return None, {"type": "greater_than_equal", "ctx": ctx}
    if high is not None and number > high:
        return None, {"type": "less_than_equal", "ctx": ctx}
    if whole:
        return int(number), None
    value = float(number)
    if not math.isfinite(value):
        return None, {"type": "number", "ctx": ctx}
    return value, None


def _in_field_order(model: type[BaseModel], errors: dict[str, str]) -> dict[str, str]:
    return {name: errors[name] for name in model.model_fields if name in errors}


def initial_values(model: type[BaseModel], source: Any) -> dict[str, Any]:
    """Form values from a saved record, for an edit form loaded fresh."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = getattr(source, name, None)
        if _widget(info) == "date":
            values[name] = (
                {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
                if isinstance(value, date)
                else {part: "" for part in DATE_PARTS}
            )
        elif value is None:
            values[name] = ""
        else:
            values[name] = value
    return values


@dataclass(frozen=True)
class FieldView:
    """What the shared field component needs to render one GOV.UK field."""

    name: str
    label: str
    hint: str | None
    widget: str
    value: Any
    error: str | None
    options: list[tuple[str, str]]
    attributes: dict[str, Any]


def form_fields(
    model: type[BaseModel],
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    options: Mapping[str, list[tuple[str, str]]] | None = None,
) -> dict[str, FieldView]:
    views: dict[str, FieldView] = {}
    for name, info in model.model_fields.items():
        extra = _extra(info)
        widget = _widget(info)
        choices: list[tuple[str, str]] = []
        if options and name in options:
            choices = options[name]
        elif (enum := _enum_of(info.annotation)) is not None:
            choices = [(m.value, str(getattr(m, "label", m.value))) for m in enum]
        views[name] = FieldView(
            name=name,
            label=_label(name, info),
            hint=info.description,
            widget=widget,
            value=values.get(name, {} if widget == "date" else ""),
            error=errors.get(name),
            options=choices,
            attributes=dict(extra.get("attributes", {})),
        )
    return views
