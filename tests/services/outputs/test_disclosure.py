"""The small-count rule, written once: counts of people from 1 to 9 read "fewer than 10", and nothing is
worked out from fewer than 10 people."""

import pytest

from app.services.outputs import disclosure
from app.services.outputs.export_lists import BY_NAME
from app.services.outputs.spreadsheets import CellType
from app.services.records import kinds as record_kinds


@pytest.mark.parametrize(
    ("people", "shown", "text"),
    [
        (0, 0, "None"),
        (1, "fewer than 10", "fewer than 10"),
        (9, "fewer than 10", "fewer than 10"),
        (10, 10, "10"),
        (12345, 12345, "12,345"),
    ],
)
def test_a_count_of_people_reads_fewer_than_10_from_1_to_9(people: int, shown: int | str, text: str) -> None:
    assert disclosure.shown(people) == shown
    assert disclosure.shown_text(people, none="None") == text
    assert disclosure.may_show_count(people) is isinstance(shown, int)


def test_nobody_reads_as_0_unless_the_page_says_otherwise() -> None:
    assert disclosure.shown_text(0) == "0"


@pytest.mark.parametrize(
    ("people", "allowed"), [(None, False), (0, False), (1, False), (9, False), (10, True)]
)
def test_a_breakdown_needs_10_people(people: int | None, allowed: bool) -> None:
    assert disclosure.may_break_down(people) is allowed


def test_every_field_that_counts_people_belongs_to_a_kind_an_edition_shows() -> None:
    kinds = {kind.name: kind for kind in record_kinds.STAGE_KINDS}
    for kind, fields in {
        **disclosure.PEOPLE_COUNTS,
        **{k: {f} for k, f in disclosure.BREAKDOWNS.items()},
    }.items():
        assert kind in kinds, kind
        assert set(fields) <= set(kinds[kind].labels), kind


def test_a_list_gives_its_counts_of_people_as_text_to_those_without_drafts() -> None:
    exercises = BY_NAME["exercises"]
    councillor = {c.field: c for c in exercises.visible_columns(personal=False)}
    officer = {c.field: c for c in exercises.visible_columns(personal=True)}
    assert officer["participants"].type is CellType.int
    assert councillor["participants"].type is CellType.text
    convert = councillor["participants"].convert
    assert convert is not None
    assert [convert(n, None) for n in (None, 0, 3, 10)] == [None, 0, "fewer than 10", 10]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "no respondents"),
        (1, "fewer than 10 respondents"),
        (9, "fewer than 10 respondents"),
        (10, "10 respondents"),
        (1234, "1,234 respondents"),
    ],
)
def test_people_names_a_count_under_the_rule(count: int, text: str) -> None:
    assert disclosure.people(count, "respondent", "respondents") == text


def test_people_filter_applies_the_rule_in_templates() -> None:
    from app.templating import templates

    template = templates.env.from_string("{{ n | people }} and {{ m | people }}")
    assert template.render(n=3, m=1) == "fewer than 10 people and fewer than 10 people"
    assert template.render(n=12, m=0) == "12 people and no people"
