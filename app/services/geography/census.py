"""Read ward-level Census 2021 tables into population profiles, in the two forms people download them.

- The Nomis bulk CSV: ``date``, ``geography``, ``geography code``, then one column per category, named like
  ``Ethnic group: Total: All usual residents`` and ``Ethnic group: Asian, Asian British or Asian Welsh``.
- The ONS custom-dataset CSV, long form: area code, area name, category code, category, observation.

Which table a file holds is read from its column names. Categories become the toolkit's profile groups by
``TABLES`` below (the README prints the same table): a sub-category ("White: Irish") is counted in its
group, a total and "Does not apply" are skipped, and TS007A's 15 to 19 band is split evenly by year of
age (one fifth under 16). TS008 records sex, which fills the toolkit's "Woman" and "Man" groups. Rows are
matched by GSS code; rows of other places are skipped and counted; every malformed code, unknown category
and unreadable number is listed, and then nothing is used.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO, Final

from app.services.csv_reader import CsvFormatError, CsvRows, open_rows
from app.services.geography.boundaries import GSS_CODE

Shares = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    field: str  # the profile field in app.models.PROFILE_FIELDS
    prefix: str  # how its Nomis column names and custom-dataset category column begin
    groups: dict[str, Shares]  # category, lower case -> profile groups with the share each takes


def _one(group: str) -> Shares:
    return ((group, 1.0),)


_AGE: Final = {
    "aged 4 years and under": _one("Under 16"),
    "aged 5 to 9 years": _one("Under 16"),
    "aged 10 to 14 years": _one("Under 16"),
    "aged 15 to 19 years": (("Under 16", 0.2), ("16-24", 0.8)),
    "aged 20 to 24 years": _one("16-24"),
    "aged 25 to 29 years": _one("25-34"),
    "aged 30 to 34 years": _one("25-34"),
    "aged 35 to 39 years": _one("35-49"),
    "aged 40 to 44 years": _one("35-49"),
    "aged 45 to 49 years": _one("35-49"),
    "aged 50 to 54 years": _one("50-64"),
    "aged 55 to 59 years": _one("50-64"),
    "aged 60 to 64 years": _one("50-64"),
    "aged 65 to 69 years": _one("65+"),
    "aged 70 to 74 years": _one("65+"),
    "aged 75 to 79 years": _one("65+"),
    "aged 80 to 84 years": _one("65+"),
    "aged 85 years and over": _one("65+"),
}

TABLES: Final = (
    Table("TS007A", "Age by five-year age bands", "age_band", "age", _AGE),
    Table("TS008", "Sex", "gender", "sex", {"female": _one("Woman"), "male": _one("Man")}),
    Table(
        "TS021",
        "Ethnic group",
        "ethnic_group",
        "ethnic group",
        {
            "asian, asian british or asian welsh": _one("Asian or Asian British"),
            "black, black british, black welsh, caribbean or african": _one(
                "Black, Black British, Caribbean or African"
            ),
            "mixed or multiple ethnic groups": _one("Mixed or multiple"),
            "white": _one("White"),
            "other ethnic group": _one("Other ethnic group"),
        },
    ),
    Table(
        "TS030",
        "Religion",
        "faith",
        "religion",
        {
            "no religion": _one("No religion"),
            "christian": _one("Christian"),
            "buddhist": _one("Buddhist"),
            "hindu": _one("Hindu"),
            "jewish": _one("Jewish"),
            "muslim": _one("Muslim"),
            "sikh": _one("Sikh"),
            "other religion": _one("Other religion"),
            "not answered": (),
        },
    ),
    Table(
        "TS038",
        "Disability",
        "disability",
        "disability",
        {
            "disabled under the equality act": _one("Disabled"),
            "not disabled under the equality act": _one("Not disabled"),
        },
    ),
)
_CODES: Final = ", ".join(t.code for t in TABLES)
_SKIPPED: Final = ("total", "all persons", "all usual residents", "does not apply")
_MEASURES: Final = re.compile(r";\s*measures:.*$", re.IGNORECASE)


class CensusError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class CensusFigures:
    """Profiles by ward GSS code, from one or more tables."""

    tables: list[str] = field(default_factory=list)
    profiles: dict[str, dict[str, dict[str, float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
    )
    skipped_rows: int = 0


def _table_for(name: str) -> Table | None:
    lowered = name.strip().lower()
    return next((t for t in TABLES if lowered.startswith(t.prefix)), None)


_SUB: Final = "\x00"  # marks a sub-category's count within its group


def _classify(table: Table, category: str) -> tuple[Shares, bool] | None:
    """The groups a category counts in and whether it is a sub-category ("White: Irish"); () for a total;
    None when the table has no such category."""
    key = _MEASURES.sub("", category).strip().lower()
    if key.startswith(_SKIPPED):
        return (), False
    if key in table.groups:
        return table.groups[key], False
    parent, _, rest = key.partition(":")
    if rest and parent.strip() in table.groups:
        return table.groups[parent.strip()], True
    return None


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if value >= 0 and value == value and value != float("inf") else None


def read_census(
    streams: list[tuple[str, BinaryIO]], *, ward_codes: set[str], figures: CensusFigures | None = None
) -> CensusFigures:
    """Every file's counts for the wards in ``ward_codes``, or ``CensusError`` listing every problem."""
    figures = figures or CensusFigures()
    problems: list[str] = []
    for filename, stream in streams:
        try:
            rows = open_rows(stream)
        except CsvFormatError as problem:
            problems.append(f"{filename}: {problem.message}")
            continue
        header = [name.strip() for name in rows.header]
        lowered = [name.lower() for name in header]
        if "geography code" in lowered:
            table = _read_nomis(filename, rows, header, ward_codes, figures, problems)
        else:
            table = _read_long(filename, rows, header, ward_codes, figures, problems)
        if table is None:
            continue
        if table.code in figures.tables:
            problems.append(f"{filename}: table {table.code} ({table.title}) is given more than once")
        figures.tables.append(table.code)
    if problems:
        raise CensusError(problems)
    if not figures.profiles:
        raise CensusError(["No row is for a ward of this place: check the files are ward-level tables"])
    return figures


def _add(figures: CensusFigures, code: str, table: Table, shares: Shares, count: float, sub: bool) -> None:
    bucket = figures.profiles[code][table.field]
    for group, share in shares:
        bucket[(_SUB if sub else "") + group] += share * count


def _read_nomis(
    filename: str,
    rows: CsvRows,
    header: list[str],
    ward_codes: set[str],
    figures: CensusFigures,
    problems: list[str],
) -> Table | None:
    columns = _nomis_columns(filename, header, problems)
    if columns is None:
        return None
    table, shares = columns
    code_column = header[[name.lower() for name in header].index("geography code")]
    for row in rows:
        code = row.values.get(code_column, "").strip().upper()
        if row.problem:
            problems.append(f"{filename}, row {row.number}: {row.problem}")
        elif not GSS_CODE.match(code):
            problems.append(f"{filename}, row {row.number}: “{code}” is not a GSS code like E05013038")
        elif code not in ward_codes:
            figures.skipped_rows += 1
        else:
            for name, groups in shares.items():
                count = _number(row.values.get(name, ""))
                if count is None:
                    typed = row.values.get(name, "")
                    problems.append(f"{filename}, row {row.number}: “{typed}” in “{name}” is not a count")
                else:
                    _add(figures, code, table, groups, count, sub=False)
    return table


def _nomis_columns(
    filename: str, header: list[str], problems: list[str]
) -> tuple[Table, dict[str, Shares]] | None:
    """The table a Nomis file's category columns belong to, and the groups each of them counts in; None
    (with the problem) when they are not one of ``TABLES``."""
    categories = [n for n in header if n.lower() not in ("date", "geography", "geography code")]
    table = _table_for(categories[0]) if categories else None
    if table is None:
        problems.append(
            f"{filename}: its columns are not one of the tables TS007A, TS008, TS021, TS030, TS038"
        )
        return None
    shares: dict[str, Shares] = {}
    for name in categories:
        prefix, _, category = name.partition(":")
        found = _classify(table, category) if _table_for(prefix) is table else None
        if found is None:
            problems.append(f"{filename}: the column “{name}” is not a category of table {table.code}")
        elif not found[1]:
            shares[name] = found[0]  # Nomis gives each group its own column: sub-categories would count twice
    return table, shares


def _read_long(
    filename: str,
    rows: CsvRows,
    header: list[str],
    ward_codes: set[str],
    figures: CensusFigures,
    problems: list[str],
) -> Table | None:
    code_columns = [n for n in header if n.lower().endswith(" code")]
    observation = next((n for n in header if n.lower() in ("observation", "count", "value")), None)
    category_code = code_columns[1] if len(code_columns) == 2 else None
    category = category_code[: -len(" code")] if category_code else None
    table = _table_for(category) if category else None
    if observation is None or category_code is None or category not in header or table is None:
        problems.append(
            f"{filename}: not a Nomis bulk table or an ONS custom dataset of one of the tables {_CODES} "
            "(area code, area, category code, category, observation)"
        )
        return None
    area_code = code_columns[0]
    unknown: dict[str, int] = {}
    for row in rows:
        code = row.values.get(area_code, "").strip().upper()
        if row.problem:
            problems.append(f"{filename}, row {row.number}: {row.problem}")
            continue
        if not GSS_CODE.match(code):
            problems.append(f"{filename}, row {row.number}: “{code}” is not a GSS code like E05013038")
            continue
        name = row.values.get(category, "")
        category_number = row.values.get(category_code, "").strip()
        if not re.fullmatch(r"-?\d+", category_number):
            problems.append(f"{filename}, row {row.number}: “{category_number}” is not a category code")
            continue
        found = _classify(table, name)
        if found is None:
            unknown.setdefault(f"“{name}” (code {category_number})", row.number)
            continue
        if code not in ward_codes:
            figures.skipped_rows += 1
            continue
        count = _number(row.values.get(observation, ""))
        if count is None:
            problems.append(
                f"{filename}, row {row.number}: “{row.values.get(observation, '')}” is not a count"
            )
            continue
        _add(figures, code, table, found[0], count, sub=found[1])
    problems.extend(
        f"{filename}, row {number}: the category {label} is not one of table {table.code}"
        for label, number in unknown.items()
    )
    return table


def settle(figures: CensusFigures) -> dict[str, dict[str, dict[str, int]]]:
    """Whole-number profiles: a group's own count where the file gave one, else its sub-categories' sum."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    for code, fields in figures.profiles.items():
        result[code] = {}
        for field_name, groups in fields.items():
            whole = {g: n for g, n in groups.items() if not g.startswith(_SUB)}
            parts: dict[str, float] = defaultdict(float)
            for g, n in groups.items():
                if g.startswith(_SUB):
                    parts[g[len(_SUB) :]] += n
            merged = {**parts, **whole}
            result[code][field_name] = {g: round(n) for g, n in merged.items()}
    return result


def source_text(tables: list[str]) -> str:
    ordered = [t.code for t in TABLES if t.code in tables]
    if len(ordered) == 1:
        return f"Census 2021, table {ordered[0]}"
    return f"Census 2021, tables {', '.join(ordered[:-1])} and {ordered[-1]}"
