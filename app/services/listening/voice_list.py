"""A page of a strategy's voices to read: newest first, filtered by theme, area, kind, exercise, words in the
text or a given set of voices.

The number of matching voices is read from the voice counts (``voice_counts``) when only a theme and an area
are chosen, so the voices page does not count them one by one.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from app.models import Strategy, Voice, VoiceCount, VoiceTheme
from app.schemas.listening import VoiceFilters
from app.services.listening import voice_counts

PAGE_SIZE = 50


@dataclass(frozen=True)
class VoicePage:
    voices: list[Voice]
    total: int
    page: int
    pages: int


def list_voices(
    *, session: Session, strategy: Strategy, filters: VoiceFilters, only: tuple[int, ...] | None = None
) -> VoicePage:
    """One page of voices, newest first, filtered by theme, area, kind, exercise and words in the text, and
    to the voices ``only`` names when it is given (the evidence behind an action)."""
    statement = select(Voice).where(*_conditions(strategy, filters, only))
    total = None if only is not None else _counted(session, strategy, filters)
    if total is None:
        total = int(session.exec(select(func.count()).select_from(statement.subquery())).one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    voices = session.exec(
        statement.order_by(col(Voice.id).desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return VoicePage(voices=list(voices), total=total, page=page, pages=pages)


def _conditions(
    strategy: Strategy, filters: VoiceFilters, only: tuple[int, ...] | None
) -> list[ColumnElement[bool]]:
    """What a voice must meet to be listed: the strategy's, and each filter given (every word searched for
    is in its text)."""
    conditions: list[ColumnElement[bool]] = [col(Voice.strategy_id) == strategy.id]
    if filters.theme_id is not None:
        themed = select(VoiceTheme.voice_id).where(
            VoiceTheme.theme_id == filters.theme_id, VoiceTheme.place_id == strategy.place_id
        )
        conditions.append(col(Voice.id).in_(themed))
    if filters.area_id is not None:
        conditions.append(col(Voice.area_id) == filters.area_id)
    elif filters.no_area:
        conditions.append(col(Voice.area_id).is_(None))
    if only is not None:
        conditions.append(col(Voice.id).in_(only))
    if filters.kind:
        conditions.append(col(Voice.kind) == filters.kind)
    if filters.exercise_id is not None:
        conditions.append(col(Voice.exercise_id) == filters.exercise_id)
    return conditions + [_contains(word) for word in (filters.search or "").split()[:8]]


def _contains(word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col(Voice.text).ilike(f"%{escaped}%", escape="\\")


def _counted(session: Session, strategy: Strategy, filters: VoiceFilters) -> int | None:
    """How many voices match, from the voice counts, when the filters are only a theme and an area (or no
    area); None when the voices have to be counted."""
    if filters.kind or filters.exercise_id is not None or filters.search:
        return None
    statement = select(func.coalesce(func.sum(VoiceCount.voices), 0)).where(
        VoiceCount.strategy_id == strategy.id
    )
    if filters.theme_id is not None:
        statement = statement.where(
            VoiceCount.facet == voice_counts.THEME, VoiceCount.value == str(filters.theme_id)
        )
    else:
        statement = statement.where(VoiceCount.facet == voice_counts.ALL)
    if filters.area_id is not None:
        statement = statement.where(VoiceCount.area_id == filters.area_id)
    elif filters.no_area:
        statement = statement.where(VoiceCount.area_id == voice_counts.NO_AREA)
    return int(session.exec(statement).one())
