"""Reading the mapping stage: its strengths and struggles as the lists filter them, the counts its overview
shows, and the voices that are evidence (the records themselves are written in ``service``)."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from app.models import EvidenceLink, Strategy, Strength, Struggle, Voice
from app.schemas.mapping import MappingFilters
from app.services.records.queries import rows_with_ids


def _matches_filters(record: Strength | Struggle, filters: MappingFilters) -> bool:
    if filters.area_id is not None and filters.area_id not in record.area_ids:
        return False
    if filters.theme_id is not None and filters.theme_id not in record.theme_ids:
        return False
    if isinstance(record, Strength):
        if filters.kind and record.kind != filters.kind:
            return False
        if filters.status and record.status != filters.status:
            return False
    return True


def list_strengths(
    *, session: Session, strategy: Strategy, filters: MappingFilters | None = None
) -> list[Strength]:
    rows = session.exec(
        select(Strength).where(Strength.strategy_id == strategy.id).order_by(col(Strength.name))
    )
    return [r for r in rows.all() if _matches_filters(r, filters or MappingFilters())]


@dataclass(frozen=True)
class StruggleSpread:
    """What the stage's overview shows of its struggles: where each is and how severe (no evidence)."""

    area_ids: list[int]
    severity: int


def overview_counts(*, session: Session, strategy: Strategy) -> tuple[int, list[StruggleSpread]]:
    """How many strengths the strategy has, and each struggle's areas and severity, for the overview and
    its map: two small queries, not the records with their evidence."""
    strengths = session.exec(
        select(func.count()).select_from(Strength).where(Strength.strategy_id == strategy.id)
    ).one()
    spread = [
        StruggleSpread(area_ids=list(area_ids or []), severity=int(severity))
        for area_ids, severity in session.exec(
            select(Struggle.area_ids, Struggle.severity).where(Struggle.strategy_id == strategy.id)
        ).all()
    ]
    return int(strengths), spread


def list_struggles(
    *, session: Session, strategy: Strategy, filters: MappingFilters | None = None
) -> list[Struggle]:
    rows = session.exec(
        select(Struggle)
        .where(Struggle.strategy_id == strategy.id)
        .order_by(col(Struggle.severity).desc(), col(Struggle.title))
    )
    return [r for r in rows.all() if _matches_filters(r, filters or MappingFilters())]


def voices_by_id(*, session: Session, strategy: Strategy, voice_ids: Sequence[int]) -> list[Voice]:
    return rows_with_ids(session, Voice, voice_ids, Voice.strategy_id == strategy.id, order_by=col(Voice.id))


def evidence_voices(*, session: Session, record: Strength | Struggle) -> list[Voice]:
    return rows_with_ids(session, Voice, record.voice_ids, order_by=col(Voice.id))


def evidence_for_voice(*, session: Session, voice: Voice) -> tuple[list[Strength], list[Struggle]]:
    """What a voice is evidence for."""
    links = session.exec(select(EvidenceLink).where(EvidenceLink.voice_id == voice.id)).all()
    strength_ids = [link.record_id for link in links if link.record_kind == "strength"]
    struggle_ids = [link.record_id for link in links if link.record_kind == "struggle"]
    return rows_with_ids(session, Strength, strength_ids), rows_with_ids(session, Struggle, struggle_ids)
