"""Reading a form: pydantic's errors as one plain message per field, and dates, numbers and lists of ids
refused before the model sees them."""

from datetime import date
from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel, Field

from app import forms


class Colour(StrEnum):
    red = "red"
    blue = "blue"


class SampleForm(BaseModel):
    title: str = Field(title="Title", min_length=1, max_length=10)
    colour: Colour = Field(title="Colour")
    gss_code: str | None = Field(None, title="GSS code")
    starts_on: date | None = Field(None, title="Starts on")
    count: int | None = Field(None, title="Count", ge=1, le=100)
    share: float | None = Field(None, title="Share")
    record_id: int | None = Field(None, title="Record")
    ids: list[int] = Field(default_factory=list, title="Ids", json_schema_extra={"widget": "checkboxes"})
    person: int | None = Field(
        None,
        title="Person",
        json_schema_extra={"widget": "select", "messages": {"missing": "Select a person"}},
    )
    owner: int | None = Field(None, title="Owner", json_schema_extra={"widget": "select"})
    contact: str | None = Field(None, title="Contact")


def _message(name: str, kind: str, **error: Any) -> str:
    return forms._message(name, SampleForm.model_fields[name], {"type": kind, **error})


@pytest.mark.parametrize(
    ("name", "kind", "error", "message"),
    [
        ("person", "missing", {}, "Select a person"),
        ("title", "form", {"msg": "Title is taken"}, "Title is taken"),
        ("colour", "missing", {}, "Select colour"),
        ("colour", "string_too_short", {}, "Select colour"),
        ("title", "missing", {}, "Enter title"),
        ("gss_code", "string_too_short", {}, "Enter GSS code"),
        ("title", "string_too_long", {"ctx": {"max_length": 10}}, "Title must be 10 characters or fewer"),
        ("starts_on", "date_range", {}, "Starts on must be between 1900 and 2100"),
        ("starts_on", "date_parsing", {}, "Starts on must be a real date"),
        ("starts_on", "greater_than_equal", {"ctx": {"ge": 1}}, "Starts on must be a real date"),
        ("title", "date_from_datetime_inexact", {}, "Title must be a real date"),
        ("person", "number", {}, "Select a person"),
        ("owner", "whole_number", {}, "Select owner"),
        ("colour", "number", {}, "Select colour"),
        ("count", "whole_number", {}, "Count must be a whole number"),
        ("colour", "enum", {}, "Select colour"),
        ("title", "literal_error", {}, "Select title"),
        ("count", "number", {}, "Count must be a number"),
        ("count", "int_parsing", {}, "Count must be a number"),
        ("share", "float_type", {}, "Share must be a number"),
        ("share", "decimal_parsing", {}, "Share must be a number"),
        ("count", "int_from_float", {}, "Check count"),
        ("count", "greater_than_equal", {"ctx": {"ge": 1}}, "Count must be 1 or more"),
        ("count", "greater_than", {"ctx": {"gt": 0}}, "Count must be 0 or more"),
        ("count", "less_than_equal", {"ctx": {"le": "100"}}, "Count must be 100 or less"),
        ("count", "less_than", {"ctx": {"lt": 101}}, "Count must be 101 or less"),
        ("contact", "value_error", {"msg": "Value is not a valid EMAIL address"}, (
            "Enter an email address in the correct format, like name@example.org"
        )),
        ("contact", "value_error", {"msg": "Value error, too long"}, "Check contact"),
        ("contact", "string_type", {}, "Check contact"),
    ],
)  # fmt: skip
def test_each_error_reads_as_one_plain_message(
    name: str, kind: str, error: dict[str, Any], message: str
) -> None:
    assert _message(name, kind, **error) == message


def _parse(**raw: Any) -> forms.FormState[SampleForm]:
    return forms.parse_form(SampleForm, {"title": "Hub", "colour": "red", **raw})


def test_a_valid_form_is_read_into_its_model() -> None:
    state = _parse(
        **{"starts_on-day": "31", "starts_on-month": "3", "starts_on-year": "2026"},
        count="100%",
        share="£1,234.5",
        record_id="-7",
        ids=["3", " 4 "],
        contact=" \x00someone ",
    )
    assert state.valid and state.errors == {}
    assert state.data == SampleForm(
        title="Hub",
        colour=Colour.red,
        starts_on=date(2026, 3, 31),
        count=100,
        share=1234.5,
        record_id=-7,
        ids=[3, 4],
        contact="someone",
    )
    assert state.values["starts_on"] == {"day": "31", "month": "3", "year": "2026"}


def test_blank_optional_fields_take_their_defaults() -> None:
    state = _parse(count="", share="  ", ids=[], **{"starts_on-day": " "})
    assert state.data == SampleForm(title="Hub", colour=Colour.red)


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ({"starts_on-day": "31", "starts_on-month": "2", "starts_on-year": "2026"},
         {"starts_on": "Starts on must be a real date"}),
        ({"starts_on-day": "1", "starts_on-month": "1", "starts_on-year": "2101"},
         {"starts_on": "Starts on must be between 1900 and 2100"}),
        ({"count": "1.5"}, {"count": "Count must be a whole number"}),
        ({"count": "lots"}, {"count": "Count must be a number"}),
        ({"count": "0"}, {"count": "Count must be 1 or more"}),
        ({"count": "101"}, {"count": "Count must be 100 or less"}),
        ({"record_id": "3000000000"}, {"record_id": "Record must be a number"}),
        ({"share": "1e999"}, {"share": "Share must be a number"}),
        ({"ids": ["1", "x"]}, {"ids": "Select ids"}),
        ({"ids": ["1", "2.5"]}, {"ids": "Select ids"}),
        ({"person": "someone"}, {"person": "Select a person"}),
    ],
)  # fmt: skip
def test_values_the_model_never_sees_are_refused(raw: dict[str, Any], errors: dict[str, str]) -> None:
    state = _parse(**raw)
    assert state.data is None and state.errors == errors


def test_refused_values_and_the_models_errors_are_listed_in_field_order() -> None:
    state = forms.parse_form(
        SampleForm, {"title": "A title that is too long", "count": "x", "starts_on-year": "2026"}
    )
    assert list(state.errors.items()) == [
        ("title", "Title must be 10 characters or fewer"),
        ("colour", "Select colour"),
        ("starts_on", "Starts on must be a real date"),
        ("count", "Count must be a number"),
    ]
    assert state.values["title"] == "A title that is too long" and state.values["count"] == "x"
