"""Fictional strengths and struggles for the demo places, with evidence from their voices."""

import random

from sqlmodel import Session, col, select

from app.models import (
    Area,
    Strategy,
    Strength,
    StrengthKind,
    StrengthStatus,
    Struggle,
    Theme,
    Trend,
    User,
    Voice,
    VoiceTheme,
)
from app.models.base import id_of
from app.services.mapping.service import index_evidence
from app.services.records.versioning import create_record

# (kind, name, organisation, theme slugs, status, description)
STRENGTHS = [
    (
        "faith_group",
        "Open kitchen at the {area} mosque",
        "{area} mosque",
        ("faith-and-belief", "social-contact"),
        "active",
        "A free hot meal every Friday evening, open to anyone; volunteers from three congregations.",
    ),
    (
        "community_group",
        "Saturday youth football league",
        "{area} Rovers Community Club",
        ("young-people", "play-and-recreation", "shared-spaces-and-mixing"),
        "active",
        "Mixed teams of 11 to 16 year olds from every school in the area.",
    ),
    (
        "shared_space",
        "Library English conversation club",
        "{place} Libraries",
        ("shared-spaces-and-mixing", "migration-and-asylum"),
        "at_risk",
        "Weekly club where new arrivals and long-standing residents talk over tea; funding ends next March.",
    ),
    (
        "event",
        "Summer street party",
        "{area} Residents' Association",
        ("social-contact", "identity-and-belonging"),
        "active",
        "Closes two streets every July; about 400 people come.",
    ),
    (
        "bridge_builder",
        "Community connectors",
        "{place} Council",
        ("influence-and-sense-of-control", "social-contact"),
        "active",
        "Paid residents who introduce newcomers to local groups and services.",
    ),
    (
        "service",
        "Warm space at the community centre",
        "{area} Community Centre",
        ("cost-of-living", "social-contact"),
        "at_risk",
        "Open weekday afternoons through winter, with free tea and a phone charger table.",
    ),
]
# (title, theme slugs, severity, trend, groups affected, description)
STRUGGLES = [
    (
        "Tension over the hotel used for asylum accommodation",
        ("migration-and-asylum", "feeling-safe"),
        5,
        "worsening",
        "Long-standing residents; people seeking asylum in the hotel",
        "Rumours online and a lack of information have led to protests outside the hotel.",
    ),
    (
        "Nothing for young people to do in the evenings",
        ("young-people", "play-and-recreation"),
        4,
        "stable",
        "Young people aged 11 to 18",
        "The youth club closed two years ago and buses stop early.",
    ),
    (
        "People cannot afford to take part",
        ("cost-of-living", "shared-spaces-and-mixing"),
        3,
        "worsening",
        "Low-income families; older people",
        "Bus fares and entry costs keep people at home.",
    ),
    (
        "Racist abuse on buses and at the bus station",
        ("hate-crime-and-prejudice", "public-transport"),
        4,
        "stable",
        "Muslim women; Black residents",
        "Reported incidents doubled over the last year.",
    ),
]


def _voices_for(session: Session, strategy: Strategy, theme_ids: list[int], limit: int) -> list[int]:
    rows = session.exec(
        select(Voice.id)
        .join(VoiceTheme, col(VoiceTheme.voice_id) == col(Voice.id))
        .where(Voice.strategy_id == strategy.id, col(VoiceTheme.theme_id).in_(theme_ids))
        .order_by(col(Voice.id))
        .limit(limit)
    ).all()
    return sorted({row for row in rows if row is not None})


def seed_mapping(session: Session, *, place_name: str, strategy: Strategy, actor: User, index: int) -> None:
    if session.exec(select(Strength.id).where(Strength.strategy_id == strategy.id)).first():
        return
    rng = random.Random(2000 + index)
    areas = list(
        session.exec(select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))).all()
    )
    themes = {
        t.slug: id_of(t) for t in session.exec(select(Theme).where(col(Theme.place_id).is_(None))).all()
    }
    strengths = []
    for kind, name, organisation, slugs, status, description in STRENGTHS:
        area = rng.choice(areas)
        theme_ids = sorted(themes[s] for s in slugs)
        record = create_record(
            session=session,
            actor=actor,
            note="Demo data",
            record=Strength(
                place_id=strategy.place_id,
                strategy_id=strategy.id,  # type: ignore[arg-type]
                name=name.format(area=area.name),
                kind=StrengthKind(kind),
                status=StrengthStatus(status),
                organisation=organisation.format(area=area.name, place=place_name),
                area_ids=sorted({id_of(area), id_of(rng.choice(areas))}),
                theme_ids=theme_ids,
                description=description,
                voice_ids=_voices_for(session, strategy, theme_ids, 3),
            ),
        )
        index_evidence(session, record)
        strengths.append(record)
    for title, slugs, severity, trend, groups, description in STRUGGLES:
        area = rng.choice(areas)
        theme_ids = sorted(themes[s] for s in slugs)
        helpers = [id_of(s) for s in strengths if set(s.theme_ids) & set(theme_ids)][:2]
        struggle = create_record(
            session=session,
            actor=actor,
            note="Demo data",
            record=Struggle(
                place_id=strategy.place_id,
                strategy_id=strategy.id,  # type: ignore[arg-type]
                title=title,
                severity=severity,
                trend=Trend(trend),
                area_ids=[id_of(area)],
                theme_ids=theme_ids,
                description=description,
                groups_affected=groups,
                voice_ids=_voices_for(session, strategy, theme_ids, 5),
                data_sources=[{"name": "Police recorded hate crime (fictional)", "date": "2026-03-31"}]
                if "hate-crime-and-prejudice" in slugs
                else [],
                strength_ids=helpers,
            ),
        )
        index_evidence(session, struggle)
    session.flush()
