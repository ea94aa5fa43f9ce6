"""One way to read an HTML form: parse it into a pydantic model, or return GOV.UK-style errors.

A form model is a pydantic model whose fields carry their label (``title``), hint (``description``) and
widget in ``json_schema_extra``. ``parse_form`` turns pydantic's errors into one plain message per field,
and ``form_fields`` gives the template everything the shared field component needs, including what the
user typed, so a form with errors is shown again exactly as it was sent.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

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
    if kind in ("missing", "string_too_short") and widget == "radios":
        return f"Select {_lower_first(label)}"
    if kind in ("missing", "string_too_short"):
        return f"Enter {_lower_first(label)}"
    if kind == "string_too_long":
        return f"{label} must be {ctx.get('max_length')} characters or fewer"
    if kind.startswith("date") or widget == "date":
        return f"{label} must be a real date"
    if kind == "enum" or kind == "literal_error":
        return f"Select {_lower_first(label)}"
    if kind.startswith(("int", "float", "decimal")) and (kind.endswith("parsing") or kind.endswith("_type")):
        return f"{label} must be a number"
    if kind.startswith("greater_than"):
        return f"{label} must be {ctx.get('ge', ctx.get('gt'))} or more"
    if kind.startswith("less_than"):
        return f"{label} must be {ctx.get('le', ctx.get('lt'))} or less"
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return "Enter an email address in the correct format, like name@example.org"
    return f"Check {_lower_first(label)}"


def _collect_date(raw: Mapping[str, Any], name: str) -> tuple[Any, dict[str, str]]:
    parts = {part: str(raw.get(f"{name}-{part}", "")).strip() for part in DATE_PARTS}
    if not any(parts.values()):
        return None, parts
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), parts
    except ValueError:
        return "invalid-date", parts


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
    date_errors: dict[str, str] = {}
    for name, info in model.model_fields.items():
        value = values[name]
        if _widget(info) == "date":
            parsed, _ = _collect_date(raw, name)
            if parsed == "invalid-date":
                date_errors[name] = f"{_label(name, info)} must be a real date"
                continue
            value = parsed
        if value in ("", None):
            continue  # missing: the default for an optional field, "Enter …" for a required one
        candidate[name] = value
    try:
        data = model.model_validate(candidate)
    except ValidationError as exc:
        errors: dict[str, str] = dict(date_errors)
        for error in exc.errors():
            loc = error.get("loc") or ("",)
            name = str(loc[0]) if loc else ""
            if name not in model.model_fields:
                name = next(iter(model.model_fields))
            if name not in errors:
                errors[name] = _message(name, model.model_fields[name], error)
        return FormState(values=values, errors=_in_field_order(model, errors))
    if date_errors:
        return FormState(values=values, errors=_in_field_order(model, date_errors))
    return FormState(values=values, data=data)


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
