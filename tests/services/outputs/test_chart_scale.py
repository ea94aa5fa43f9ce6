"""Axis scales: round ticks, a range holding every value, years marked once."""

from datetime import date

import pytest

from app.services.outputs.chart_scale import nice_step, tick_label, value_scale, year_ticks


def _is_round(step: float) -> bool:
    mantissa = f"{step:.0e}".split("e")[0]
    return mantissa in {"1", "2", "5"}


@pytest.mark.parametrize(
    ("low", "high"),
    [(57.3, 66.1), (0.0, 1.0), (52.0, 55.0), (-3.0, 7.5), (0.012, 0.019), (100.0, 100.0), (1200.0, 98000.0)],
)
def test_ticks_step_by_one_two_or_five_and_enclose_every_value(low: float, high: float) -> None:
    scale = value_scale([low, high, (low + high) / 2])
    steps = {round(b - a, 9) for a, b in zip(scale.ticks, scale.ticks[1:], strict=False)}
    assert len(steps) == 1, scale.ticks
    assert _is_round(steps.pop())
    assert scale.low <= low and scale.high >= high
    assert 2 <= len(scale.ticks) <= 7


def test_the_reported_chart_reads_in_round_numbers() -> None:
    # The chart that read 57, 59, 62, 64, 66%.
    assert value_scale([57.3, 66.1, 52.4]).ticks == [50.0, 55.0, 60.0, 65.0, 70.0]


def test_nice_step() -> None:
    assert nice_step(10, 6) == 2
    assert nice_step(9, 6) == 2
    assert nice_step(26, 6) == 10
    assert nice_step(0.9, 6) == pytest.approx(0.2)


def test_tick_labels_have_no_stray_decimals() -> None:
    assert tick_label(60.0, "%") == "60%"
    assert tick_label(0.25, "") == "0.25"
    assert tick_label(18000.0, "") == "18,000"


def test_years_are_marked_once_and_thinned_when_many() -> None:
    assert year_ticks(date(2024, 12, 31), date(2029, 3, 31)) == [date(y, 1, 1) for y in range(2025, 2030)]
    assert year_ticks(date(2026, 4, 1), date(2026, 12, 31)) == []
    many = year_ticks(date(2000, 1, 1), date(2030, 1, 1))
    assert len(many) <= 8 and len({d.year for d in many}) == len(many)


def test_a_word_unit_stays_off_the_axis_but_on_the_labels() -> None:
    from app.services.outputs.chart_scale import figure_label, tick_label

    assert tick_label(50, "%") == "50%"
    assert tick_label(1200, "people") == "1,200", "a word would not fit beside the axis"
    assert figure_label(1200, "people") == "1,200 people"
    assert figure_label(67.25, "%") == "67.25%"
