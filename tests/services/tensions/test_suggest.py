"""The suggested level's rule, case by case: count, impact, spread and trend."""

import pytest

from app.models import Spread, TensionLevel
from app.services.tensions.suggest import Observed, WeekFigures, suggest_level


def entries(count: int, impact: int = 1, spread: Spread = Spread.contained) -> WeekFigures:
    return WeekFigures.of(Observed(impact=impact, spread=spread) for _ in range(count))


def test_no_entries_is_low_and_says_so() -> None:
    suggestion = suggest_level(WeekFigures(), previous_count=4)
    assert suggestion.level is TensionLevel.low
    assert suggestion.sentence == "No entries this week."


@pytest.mark.parametrize(
    ("count", "level"),
    [(1, TensionLevel.low), (2, TensionLevel.medium), (3, TensionLevel.medium), (4, TensionLevel.high),
     (6, TensionLevel.high), (7, TensionLevel.critical)],
)  # fmt: skip
def test_how_many_sets_the_floor(count: int, level: TensionLevel) -> None:
    # The week before had as many, so the trend plays no part.
    assert suggest_level(entries(count), previous_count=count).level is level


def test_impact_three_makes_it_at_least_medium() -> None:
    suggestion = suggest_level(entries(1, impact=3), previous_count=1)
    assert suggestion.level is TensionLevel.medium
    assert "The highest impact is 3 of 5." in suggestion.why


def test_impact_four_makes_it_at_least_high() -> None:
    assert suggest_level(entries(1, impact=4), previous_count=1).level is TensionLevel.high


def test_impact_five_that_spread_online_is_critical() -> None:
    suggestion = suggest_level(entries(1, impact=5, spread=Spread.online), previous_count=1)
    assert suggestion.level is TensionLevel.critical
    assert "An entry of impact 5 has spread beyond the area." in suggestion.why


def test_impact_five_contained_is_high_not_critical() -> None:
    assert (
        suggest_level(entries(1, impact=5, spread=Spread.local), previous_count=1).level is TensionLevel.high
    )


def test_two_entries_spreading_wider_make_it_high() -> None:
    suggestion = suggest_level(entries(2, spread=Spread.wider), previous_count=2)
    assert suggestion.level is TensionLevel.high
    assert "2 entries spread wider or online." in suggestion.why


def test_a_fast_rise_goes_up_one_level() -> None:
    suggestion = suggest_level(entries(3), previous_count=1)
    assert suggestion.level is TensionLevel.high  # medium from the count, one up for the trend
    assert suggestion.why[-2:] == [
        "That is at least twice last week's 1.",
        "Rising fast, so one level up: high.",
    ]


def test_a_rise_from_nothing_counts_as_fast() -> None:
    assert suggest_level(entries(3), previous_count=0).level is TensionLevel.high


def test_a_slow_rise_does_not_raise_it() -> None:
    assert suggest_level(entries(3), previous_count=2).level is TensionLevel.medium


def test_the_trend_never_goes_past_critical() -> None:
    assert suggest_level(entries(8), previous_count=1).level is TensionLevel.critical


def test_a_fall_is_said() -> None:
    suggestion = suggest_level(entries(2), previous_count=5)
    assert suggestion.level is TensionLevel.medium
    assert "Fewer than last week's 5." in suggestion.why


def test_the_figures_of_a_week_count_what_the_rule_reads() -> None:
    week = [
        Observed(impact=5, spread=Spread.online),
        Observed(impact=4, spread=Spread.wider),
        Observed(impact=5, spread=Spread.local),
        Observed(impact=1, spread=Spread.contained),
    ]
    assert WeekFigures.of(week) == WeekFigures(count=4, highest_impact=5, wide=2, wide_at_five=1)
    assert WeekFigures.of([]) == WeekFigures()


@pytest.mark.parametrize(
    ("figures", "previous_count", "level", "why"),
    [
        (entries(1), 1, TensionLevel.low, ["1 entry this week."]),
        (entries(5, impact=4), 5, TensionLevel.high, ["5 entries this week.", "The highest impact is 4 of 5."]),
        (entries(3), 0, TensionLevel.high, [
            "3 entries this week.",
            "There were none the week before.",
            "Rising fast, so one level up: high.",
        ]),
        (entries(8), 1, TensionLevel.critical, ["8 entries this week.", "That is at least twice last week's 1."]),
        (entries(2, impact=3), 0, TensionLevel.medium, ["2 entries this week.", "The highest impact is 3 of 5."]),
        (WeekFigures(count=3, highest_impact=5, wide=2, wide_at_five=1), 1, TensionLevel.critical, [
            "3 entries this week.",
            "An entry of impact 5 has spread beyond the area.",
            "2 entries spread wider or online.",
            "That is at least twice last week's 1.",
        ]),
        (WeekFigures(count=2, highest_impact=1, wide=2), 4, TensionLevel.high, [
            "2 entries this week.",
            "2 entries spread wider or online.",
            "Fewer than last week's 4.",
        ]),
    ],
)  # fmt: skip
def test_every_reason_is_given_in_order(
    figures: WeekFigures, previous_count: int, level: TensionLevel, why: list[str]
) -> None:
    suggestion = suggest_level(figures, previous_count=previous_count)
    assert (suggestion.level, suggestion.why) == (level, why)
