"""Many figures for one indicator at once, pasted or uploaded as CSV: every row checked, all saved or none.

Columns, by header name (case and spacing ignored): ``date`` and ``value`` are required; ``sample size``,
``source`` and ``notes`` are optional. Dates are written 31/03/2026 or 2026-03-31. Each row is read as the
figure form reads what is typed (``app.forms``), so the same ranges hold.
"""

import io
import re
from dataclasses import dataclass
from typing import BinaryIO

from sqlmodel import Session

from app.errors import FieldError
from app.forms import parse_form
from app.models import Indicator, Measurement, Strategy, User
from app.numbers_and_dates import read_date_text, read_number
from app.schemas.progress import MeasurementForm
from app.services.csv_reader import CsvFormatError, open_rows
from app.services.progress.service import create_measurement
from app.text import plural

MAX_ROWS = 5000


class FiguresRefused(FieldError):
    """Shown by the pasted figures, with the problems row by row when there are any."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__("figures", message)
        self.problems = problems or []


@dataclass(frozen=True)
class _Row:
    number: int
    form: MeasurementForm


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def read_figures(stream: BinaryIO, *, confirm_history: bool) -> list[_Row]:
    """Every row as a figure, or ``FiguresRefused`` listing every problem by row."""
    try:
        rows = open_rows(stream)
    except CsvFormatError as problem:
        raise FiguresRefused(problem.message) from None
    columns = {_key(name): name for name in rows.header}
    if "date" not in columns or "value" not in columns:
        raise FiguresRefused("The first row must name the columns, including “date” and “value”")
    result: list[_Row] = []
    problems: list[tuple[int, str]] = []
    for row in rows:
        if row.number > MAX_ROWS + 1:
            raise FiguresRefused(f"Import at most {MAX_ROWS:,} figures at a time")
        if row.problem:
            problems.append((row.number, row.problem))
            continue
        values = {key: row.values.get(name, "").strip() for key, name in columns.items()}
        try:
            result.append(_Row(row.number, _figure(values, confirm_history=confirm_history)))
        except _NotAFigure as problem:
            problems.append((row.number, str(problem)))
    if problems:
        rows_word = "row has a problem" if len(problems) == 1 else "rows have problems"
        raise FiguresRefused(f"{len(problems)} {rows_word}, so no figures were saved", problems)
    return result  # not empty: open_rows refuses a file without a data row


class _NotAFigure(Exception):
    """A row that cannot be saved as a figure, and why."""


def _figure(values: dict[str, str], *, confirm_history: bool) -> MeasurementForm:
    """One row's values (by column key) read as a figure, as the figure form reads what is typed."""
    measured_on = read_date_text(values.get("date", ""))
    if measured_on is None:
        raise _NotAFigure(f"“{values.get('date', '')}” is not a date like 31/03/2026")
    if read_number(values.get("value", "")) is None:
        raise _NotAFigure(f"“{values.get('value', '')}” is not a number")
    # The form's own rules (the date's years, each number's range, the lengths) hold for every row.
    state = parse_form(
        MeasurementForm,
        {
            "measured_on-day": str(measured_on.day),
            "measured_on-month": str(measured_on.month),
            "measured_on-year": str(measured_on.year),
            "value": values.get("value", ""),
            "sample_size": values.get("samplesize", ""),
            "source": values.get("source", ""),
            "notes": values.get("notes", ""),
            "confirm_history": "on" if confirm_history else "",
        },
    )
    if state.data is None:
        raise _NotAFigure("; ".join(state.errors.values()))
    return state.data


def import_figures(
    *,
    session: Session,
    strategy: Strategy,
    indicator: Indicator,
    actor: User,
    stream: BinaryIO,
    confirm_history: bool,
) -> list[Measurement]:
    """Save every figure, or none: the rules of one figure are checked for every row before any is saved."""
    rows = read_figures(stream, confirm_history=confirm_history)
    baseline = indicator.baseline_date
    early = [
        (
            row.number,
            f"{row.form.measured_on:%d/%m/%Y} is before the baseline; tick the box to keep "
            "figures from before the baseline as history",
        )
        for row in rows
        if baseline and row.form.measured_on < baseline and not confirm_history
    ]
    if early:
        raise FiguresRefused(
            f"{plural(len(early), 'row')} {'is' if len(early) == 1 else 'are'} dated before the baseline, "
            "so no figures were saved",
            early,
        )
    return [
        create_measurement(
            session=session, strategy=strategy, indicator=indicator, actor=actor, form=row.form
        )
        for row in rows
    ]


def text_stream(text: str) -> BinaryIO:
    return io.BytesIO(text.encode("utf-8"))
