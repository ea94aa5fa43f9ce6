"""Numbers and dates as people type them, read exactly and kept within what the database and date
arithmetic can hold.

Every form reads its numbers and dates through here (``app.forms``), and so do the few places that read
typed values outside a form model, such as imported figures, page numbers and ids in addresses.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

# A date outside these years is a typing slip (9999 for "no end"), and far-off years break date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE = "between 1900 and 2100"
# Digits (commas only between thousands, so "1,5" is not read as 15) with an optional point and exponent,
# after a pound sign or before a per cent sign: never NaN or Infinity, which Python's float() accepts.
NUMBER_RE = re.compile(
    r"(?P<sign>[+-]?)£?(?P<number>(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?)%?"
)
ID_RANGE = (-(2**31), 2**31 - 1)  # what an integer column holds on PostgreSQL; SQLite overflows at 2**63
DAY_MONTH_YEAR_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_number(text: str) -> Decimal | None:
    """A number as people type it (with commas between thousands, a pound sign or a per cent sign), exactly,
    or None when it is not one. Never NaN or an infinity."""
    match = NUMBER_RE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return Decimal(match["sign"] + match["number"].replace(",", ""))
    except InvalidOperation:
        return None


def read_whole_number(text: str, *, low: int = 0, high: int = ID_RANGE[1]) -> int | None:
    """A whole number from ``low`` to ``high`` (by default, any id a database column can hold), or None."""
    number = read_number(text)
    if number is None or number != number.to_integral_value() or not low <= number <= high:
        return None
    return int(number)


def date_in_range(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def read_date_text(text: str) -> date | None:
    """A real date written 31/03/2026 or 2026-03-31, or None; ``date_in_range`` says if it may be kept."""
    text = text.strip()
    match = DAY_MONTH_YEAR_RE.fullmatch(text)
    if match:
        day, month, year = match.groups()
    elif match := ISO_DATE_RE.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
