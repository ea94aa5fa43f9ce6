"""Importing many figures at once: columns found by name, every row read as the figure form reads it, every
bad row listed, and all the figures saved or none."""

from datetime import date

import pytest
from sqlmodel import Session, col, select

from app.models import Measurement
from app.services.progress import figures_import
from app.services.progress.figures_import import FiguresRefused, import_figures, read_figures, text_stream
from tests.conftest import World

BASELINE = date(2026, 3, 31)


def _refusal(csv: str, *, confirm_history: bool = False) -> FiguresRefused:
    with pytest.raises(FiguresRefused) as refused:
        read_figures(text_stream(csv), confirm_history=confirm_history)
    return refused.value


def _import(session: Session, world: World, csv: str, *, confirm_history: bool = False) -> list[Measurement]:
    return import_figures(
        session=session,
        strategy=world.strategy,
        indicator=world.indicator,
        actor=world.users["officer"],
        stream=text_stream(csv),
        confirm_history=confirm_history,
    )


def _saved(session: Session, world: World) -> list[tuple[date, float]]:
    measurements = session.exec(
        select(Measurement)
        .where(Measurement.indicator_id == world.indicator.id)
        .order_by(col(Measurement.measured_on))
    ).all()
    return [(m.measured_on, m.value) for m in measurements]


@pytest.fixture
def with_baseline(session: Session, world: World) -> World:
    world.indicator.baseline_date, world.indicator.baseline_value = BASELINE, 70.0
    session.add(world.indicator)
    session.commit()
    return world


# Reading


def test_columns_are_found_by_name_whatever_their_case_spacing_and_order() -> None:
    rows = read_figures(
        text_stream(
            "Notes, SAMPLE SIZE ,Value,Source,Date\nA good year,400,72.5,Residents' survey,30/06/2026\n"
        ),
        confirm_history=False,
    )
    (row,) = rows
    assert row.number == 2, "the header is row 1"
    form = row.form
    assert (form.measured_on, form.value, form.sample_size) == (date(2026, 6, 30), 72.5, 400)
    assert (form.source, form.notes) == ("Residents' survey", "A good year")


def test_dates_are_read_day_first_or_year_first_and_optional_columns_may_be_missing() -> None:
    rows = read_figures(
        text_stream('date,value\n31/03/2026,70\n2026-09-30,"1,234.5"\n'), confirm_history=False
    )
    assert [(row.form.measured_on, row.form.value) for row in rows] == [
        (date(2026, 3, 31), 70.0),
        (date(2026, 9, 30), 1234.5),
    ]
    assert rows[0].form.sample_size is None and rows[0].form.source is None


def test_the_confirmation_of_history_is_carried_on_every_row() -> None:
    rows = read_figures(text_stream("date,value\n31/03/2020,70\n31/03/2021,71\n"), confirm_history=True)
    assert [row.form.confirm_history for row in rows] == [True, True]


@pytest.mark.parametrize("header", ["date,figure", "when,value", "value", "Date of figure,Value"])
def test_both_date_and_value_columns_are_required(header: str) -> None:
    refusal = _refusal(f"{header}\n31/03/2026,70\n")
    assert refusal.message == "The first row must name the columns, including “date” and “value”"
    assert refusal.problems == []


def test_a_file_that_is_not_csv_is_refused_with_the_readers_message() -> None:
    assert _refusal("").message == "The file is empty."
    assert _refusal("date,value\n").message == "The file has a header row but no data rows."


def test_every_bad_row_is_listed_with_its_number_and_reason() -> None:
    refusal = _refusal(
        "date,value,sample size\n"
        "31/03/2026,70,400\n"  # row 2 is fine
        "31/09/2026,71,\n"  # no 31 September
        "yesterday,72,\n"
        "30/06/2026,lots,\n"
        "30/06/1850,72,\n"  # the figure form's years
        "30/06/2026,72,0\n"  # and its ranges
        "30/06/2026,72,1,1\n"  # a value too many
    )
    assert refusal.problems == [
        (3, "“31/09/2026” is not a date like 31/03/2026"),
        (4, "“yesterday” is not a date like 31/03/2026"),
        (5, "“lots” is not a number"),
        (6, "Date must be between 1900 and 2100"),
        (7, "Sample size (optional) must be 1 or more"),
        (8, "Row 8 has 4 values but the header has 3 columns"),
    ]
    assert refusal.message == "6 rows have problems, so no figures were saved"


def test_one_bad_row_is_named_in_the_singular() -> None:
    refusal = _refusal("date,value\n31/03/2026,70\n31/03/2026,seventy\n")
    assert refusal.message == "1 row has a problem, so no figures were saved"
    assert refusal.problems == [(3, "“seventy” is not a number")]


def test_too_many_rows_are_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures_import, "MAX_ROWS", 2)
    assert len(read_figures(text_stream("date,value\n1/1/2026,1\n2/1/2026,2\n"), confirm_history=False)) == 2
    refusal = _refusal("date,value\n1/1/2026,1\n2/1/2026,2\n3/1/2026,3\n")
    assert refusal.message == "Import at most 2 figures at a time"


# Saving: all or none


def test_good_figures_are_all_saved(session: Session, with_baseline: World) -> None:
    saved = _import(session, with_baseline, "date,value,sample size\n30/06/2026,72.5,400\n30/09/2026,73,\n")
    assert [m.value for m in saved] == [72.5, 73.0]
    assert _saved(session, with_baseline) == [(date(2026, 6, 30), 72.5), (date(2026, 9, 30), 73.0)]
    # Each figure is saved as the form saves one: a survey percentage with a sample gets its interval.
    assert (saved[0].ci_low, saved[0].ci_high) == (68.1, 76.9)


def test_one_bad_row_saves_nothing(session: Session, with_baseline: World) -> None:
    with pytest.raises(FiguresRefused):
        _import(session, with_baseline, "date,value\n30/06/2026,72.5\n30/09/2026,n/a\n")
    assert _saved(session, with_baseline) == []


def test_one_figure_before_the_baseline_is_counted_in_the_singular(
    session: Session, with_baseline: World
) -> None:
    with pytest.raises(FiguresRefused) as refused:
        _import(session, with_baseline, "date,value\n31/12/2024,68\n30/06/2026,72.5\n")
    assert refused.value.message == "1 row is dated before the baseline, so no figures were saved"


def test_figures_before_the_baseline_are_each_listed_and_nothing_is_saved(
    session: Session, with_baseline: World
) -> None:
    csv = "date,value\n31/12/2024,68\n30/06/2026,72.5\n31/12/2025,69\n"
    with pytest.raises(FiguresRefused) as refused:
        _import(session, with_baseline, csv)
    assert refused.value.message == "2 rows are dated before the baseline, so no figures were saved"
    assert [number for number, _ in refused.value.problems] == [2, 4]
    assert refused.value.problems[0][1] == (
        "31/12/2024 is before the baseline; tick the box to keep figures from before the baseline as history"
    )
    assert _saved(session, with_baseline) == []


def test_figures_before_the_baseline_are_kept_as_history_once_confirmed(
    session: Session, with_baseline: World
) -> None:
    _import(session, with_baseline, "date,value\n31/12/2025,69\n30/06/2026,72.5\n", confirm_history=True)
    assert _saved(session, with_baseline) == [(date(2025, 12, 31), 69.0), (date(2026, 6, 30), 72.5)]


def test_without_a_baseline_any_date_is_saved(session: Session, world: World) -> None:
    assert world.indicator.baseline_date is None
    _import(session, world, "date,value\n31/12/2020,60\n")
    assert _saved(session, world) == [(date(2020, 12, 31), 60.0)]
