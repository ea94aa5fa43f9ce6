"""Strengths and struggles stage: what a place has, what it faces, and the evidence for each.

As in listening, areas, themes and evidence are id lists on the record, so they are versioned and diffed with
it; ``EvidenceLink`` indexes the voice evidence so that a voice can show what it is evidence for.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, StrEnumType, Versioned


class StrengthKind(Labelled):
    community_group = "community_group", "Community group"
    faith_group = "faith_group", "Faith group"
    shared_space = "shared_space", "Shared space"
    service = "service", "Service"
    event = "event", "Event"
    network = "network", "Network"
    bridge_builder = "bridge_builder", "Bridge-builder role"
    business = "business", "Business"


class StrengthStatus(Labelled):
    active = "active", "Active"
    at_risk = "at_risk", "At risk"
    lost = "lost", "Lost"


class Trend(Labelled):
    improving = "improving", "Improving"
    stable = "stable", "Stable"
    worsening = "worsening", "Worsening"


class Strength(Versioned, table=True):
    __tablename__ = "strength"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    name: str = Field(sa_type=sa.String(200))
    kind: StrengthKind = Field(sa_type=StrEnumType(StrengthKind, 30))
    status: StrengthStatus = Field(default=StrengthStatus.active, sa_type=StrEnumType(StrengthStatus, 20))
    organisation: str | None = Field(default=None, sa_type=sa.String(200))
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    theme_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    description: str | None = Field(default=None, sa_type=sa.Text)
    voice_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    exercise_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)


# What each point of a struggle's severity (1 to 5) means, as its form offers it.
SEVERITY_WORDS = ("minor", "noticeable", "serious", "very serious", "severe")


class Struggle(Versioned, table=True):
    __tablename__ = "struggle"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    title: str = Field(sa_type=sa.String(200))
    severity: int = Field(default=3)
    trend: Trend = Field(default=Trend.stable, sa_type=StrEnumType(Trend, 20))
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    theme_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    description: str | None = Field(default=None, sa_type=sa.Text)
    groups_affected: str | None = Field(default=None, sa_type=sa.Text)
    voice_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    exercise_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    # Outside evidence: [{"name": "Police recorded hate crime", "date": "2026-03-31"}]
    data_sources: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # Strengths an officer confirmed could help with this struggle.
    strength_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)


class EvidenceLink(SQLModel, table=True):
    """Index of (record, voice) kept in step with ``voice_ids`` by the write path."""

    __tablename__ = "evidence_link"
    __table_args__ = (sa.Index("ix_evidence_link_voice_id", "voice_id"),)

    record_kind: str = Field(sa_type=sa.String(20), primary_key=True)  # strength or struggle
    record_id: int = Field(primary_key=True)
    voice_id: int = Field(foreign_key="voice.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)


class CandidateDismissal(SQLModel, table=True):
    """A candidate strength or struggle that an officer dismissed, so it is not offered again."""

    __tablename__ = "candidate_dismissal"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", primary_key=True)
    key: str = Field(sa_type=sa.String(120), primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
