"""Reading one row of a survey upload as voice fields: its text, kind, area, themes, profile groups and
Place Standard scores, each checked, with every problem named by its column. Names are looked up once per
file (``look_up_names``); an area written slightly wrong is matched once per spelling."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from app.models import PROFILE_FIELDS, Area, Place, Theme, VoiceKind
from app.schemas.listening import MAX_VOICE_CHARS
from app.services.listening.suggestions import PLACE_STANDARD_SLUGS
from app.services.listening.survey_columns import near_match, normal

KIND_WORDS = {k.value: k.value for k in VoiceKind} | {k.value + "s": k.value for k in VoiceKind}


@dataclass(frozen=True)
class Lookups:
    areas: dict[str, int]
    themes: dict[str, int]
    groups: dict[str, dict[str, str]]
    area_names: dict[str, int]  # as written, for near misses
    near: dict[str, str | None] = field(default_factory=dict)  # each misspelling looked up once

    def near_area(self, value: str) -> str | None:
        key = normal(value)
        if key not in self.near:
            self.near[key] = near_match(value, list(self.area_names))
        return self.near[key]


def look_up_names(session: Session, place: Place, aliases: Mapping[str, int] | None = None) -> Lookups:
    """Names to ids. ``aliases`` are near misses the person confirmed (a value as written, normalised, to
    the area it means), so every row with that value reads as that area."""
    areas: dict[str, int] = {}
    area_names: dict[str, int] = {}
    for area in session.exec(select(Area).where(Area.place_id == place.id)).all():
        areas[normal(area.name)] = area.id or 0
        area_names[area.name] = area.id or 0
        if area.gss_code:
            areas[normal(area.gss_code)] = area.id or 0
    known = set(areas.values())
    for value, area_id in (aliases or {}).items():
        if area_id in known:
            areas.setdefault(normal(value), area_id)
    themes: dict[str, int] = {}
    for theme in session.exec(
        select(Theme).where((col(Theme.place_id).is_(None)) | (Theme.place_id == place.id))
    ).all():
        themes[normal(theme.name)] = theme.id or 0
        themes[normal(theme.slug)] = theme.id or 0
    groups = {f: {normal(g): g for g in PROFILE_FIELDS[f][1]} for f in PROFILE_FIELDS}
    return Lookups(areas=areas, themes=themes, groups=groups, area_names=area_names)


@dataclass
class RowParser:
    """One row being read as voice fields, gathering the (column, message) problems found on the way."""

    values: dict[str, str]
    columns: dict[str, str]
    lookups: Lookups
    problems: list[tuple[str, str]] = field(default_factory=list)

    def cell(self, key: str) -> tuple[str, str]:
        """The column matched to ``key`` and this row's value in it, as written ("" for each if none)."""
        column = self.columns.get(key) or ""
        return column, self.values.get(column, "") if column else ""

    def refuse(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def text(self) -> str:
        column = self.columns["text"]
        text = self.values.get(column, "").strip()
        if not text:
            self.refuse(column, "What was said is empty")
        elif len(text) > MAX_VOICE_CHARS:
            self.refuse(column, f"What was said must be {MAX_VOICE_CHARS:,} characters or fewer")
        return text

    def kind(self, default: str) -> str:
        column, written = self.cell("kind")
        word = normal(written)
        if word and word not in KIND_WORDS:
            self.refuse(column, f"“{written}” is not a kind: use strength, struggle, idea or concern")
        return KIND_WORDS.get(word, default)

    def area_id(self) -> int | None:
        column, written = self.cell("area")
        if not written.strip():
            return None
        area_id = self.lookups.areas.get(normal(written))
        if area_id is None:
            likely = self.lookups.near_area(written)
            hint = f": did you mean {likely}?" if likely else ""
            self.refuse(column, f"“{written}” is not an area of this place{hint}")
        return area_id

    def theme_ids(self) -> list[int]:
        column, written = self.cell("themes")
        theme_ids: list[int] = []
        for name in re.split(r"[;,|]", written):
            if not name.strip():
                continue
            theme_id = self.lookups.themes.get(normal(name))
            if theme_id is None:
                self.refuse(column, f"“{name.strip()}” is not a theme")
            elif theme_id not in theme_ids:
                theme_ids.append(theme_id)
        return theme_ids

    def group(self, profile_field: str) -> str | None:
        column, written = self.cell(profile_field)
        written = written.strip()
        if not written:
            return None
        group = self.lookups.groups[profile_field].get(normal(written))
        if group is None:
            label, groups = PROFILE_FIELDS[profile_field]
            self.refuse(column, f"“{written}” is not one of the {label.lower()} groups: {', '.join(groups)}")
        return group

    def scores(self) -> dict[str, float]:
        scores: dict[str, float] = {}
        for slug in PLACE_STANDARD_SLUGS:
            column, written = self.cell(f"score:{slug}")
            written = written.strip()
            if not written:
                continue
            score = _score(written)
            if score is None:
                self.refuse(column, f"“{written}” is not a score from 1 to 7")
            else:
                scores[slug] = score
        return scores


def _score(written: str) -> float | None:
    """A Place Standard score: a number from 1 to 7."""
    try:
        score = float(written)
    except ValueError:
        return None
    return score if 1 <= score <= 7 else None


def parse_row(
    values: dict[str, str], columns: dict[str, str], lookups: Lookups, default_kind: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row as voice fields, or the (column, message) problems with it, in the order of the fields."""
    row = RowParser(values, columns, lookups)
    text = row.text()
    kind = row.kind(default_kind)
    area_id = row.area_id()
    theme_ids = row.theme_ids()
    groups = {profile_field: row.group(profile_field) for profile_field in PROFILE_FIELDS}
    scores = row.scores()
    parsed = {
        "scores": scores,
        "text": text,
        "kind": kind,
        "area_id": area_id,
        "theme_ids": theme_ids,
        **groups,
    }
    return parsed, row.problems
