"""The one value formatter: every kind of value as a person reads it, one line or a list of lines."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.models.base import Labelled
from app.services.records import values
from app.services.records.values import MILESTONES, MONEY, PERCENT, RISKS, SCORE_BASIS, SCORES, Name


class Colour(Labelled):
    red = "red", "Red (colour)"
    blue = "blue", "Blue (colour)"


MILESTONE_LIST = [
    {"title": "Open the hub", "due": "2026-06-30", "done": True},
    {"due": datetime(2026, 7, 1, 9, 30)},
    "not a milestone",
]
RISK_LIST = [
    {"description": "Funding ends", "likelihood": "high", "impact": "severe", "mitigation": "Bid early"},
    {"impact": "low"},
    {},
]


@pytest.mark.parametrize(
    ("value", "choices", "kind", "shown"),
    [
        (None, None, None, "blank"),
        ("", None, None, "blank"),
        ([], None, MILESTONES, "blank"),
        ({}, None, SCORES, "blank"),
        ("red", Colour, None, "Red (colour)"),
        ("green", Colour, None, "green"),
        (18000, None, MONEY, "£18,000"),
        (1234.5, None, MONEY, "£1,234"),
        (True, None, MONEY, "yes"),
        ("lots", None, MONEY, "lots"),
        (12.5, None, PERCENT, "12.5%"),
        (40, None, PERCENT, "40%"),
        ("most", None, PERCENT, "most"),
        ("group", None, SCORE_BASIS, "A group’s average scores"),
        ("respondent", None, SCORE_BASIS, "One respondent’s scores"),
        ("household", None, SCORE_BASIS, "household"),
        (3, None, SCORE_BASIS, "3"),
        (
            MILESTONE_LIST,
            None,
            MILESTONES,
            "Open the hub, due 30 June 2026 (done); Milestone, due 1 July 2026 (not done yet)",
        ),
        (["not a milestone"], None, MILESTONES, "blank"),
        ("2026-06-30", None, MILESTONES, "30 June 2026"),
        (
            RISK_LIST,
            None,
            RISKS,
            "Funding ends (likelihood high, impact severe); what we will do: Bid early; Risk (impact low); Risk",
        ),
        ({"feeling-safe": 4, "made-up_slug": "5.5"}, None, SCORES, "Feeling safe: 4; Made up slug: 5.5"),
        (["a", "b"], None, SCORES, "a; b"),
        (["a"], None, SCORES, "a"),
        (True, None, None, "yes"),
        (False, None, None, "no"),
        (date(2026, 6, 30), None, None, "30 June 2026"),
        (datetime(2026, 6, 30, 12, 0), None, None, "30 June 2026"),
        ([1, "a", None, 12000], None, None, "1, a, blank, 12,000"),
        ({"a": 1, "b": None, "c": ["x", "y"]}, None, None, "a: 1; b: blank; c: x, y"),
        (Name("2026-06-30"), None, None, "2026-06-30"),
        (2.0, None, None, "2"),
        (1234.56, None, None, "1,234.6"),
        (9999, None, None, "9999"),
        (10000, None, None, "10,000"),
        (-12345, None, None, "-12,345"),
        ("2026-06-30", None, None, "30 June 2026"),
        ("2026-13-01", None, None, "2026-13-01"),
        ("hello", None, "text", "hello"),
        (Decimal("1.50"), None, None, "1.50"),
        ((1, 2), None, None, "(1, 2)"),
    ],
)
def test_each_value_reads_as_words(
    value: Any, choices: type[Labelled] | None, kind: str | None, shown: str
) -> None:
    assert values.text(value, choices, kind) == shown


def test_quoted_puts_typed_text_in_quotation_marks_and_nothing_else() -> None:
    assert values.text("hello", quoted=True) == "“hello”"
    assert values.text(Name("Northfield"), quoted=True) == "Northfield"
    assert values.text("2026-06-30", quoted=True) == "30 June 2026"
    assert values.text(["a", "b"], quoted=True) == "a, b"
    assert values.text(5, quoted=True) == "5"
    assert values.text("", quoted=True) == "blank"


def test_items_lists_what_holds_several_things() -> None:
    assert values.items(MILESTONE_LIST, MILESTONES) == [
        "Open the hub, due 30 June 2026 (done)",
        "Milestone, due 1 July 2026 (not done yet)",
    ]
    assert values.items(RISK_LIST[:1], RISKS) == [
        "Funding ends (likelihood high, impact severe); what we will do: Bid early"
    ]
    assert values.items({"feeling-safe": 4.5}, SCORES) == ["Feeling safe: 4.5"]
    assert values.items(["a", 2]) == ["a", "2"]
    assert values.items(["a"]) is None
    assert values.items({"a": 1}) is None
    assert values.items("a, b", RISKS) is None
