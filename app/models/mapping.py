"""Strengths and struggles stage: what a place has, what it faces, and the evidence for each.

As in listening, areas, themes and evidence are id lists on the record, so they are versioned and diffed with
it; ``EvidenceLink`` indexes the voice evidence so that a voice can show what it is evidence for.
"""

from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Versioned


class StrengthKind(StrEnum):
    community_group = "community_group"
    faith_group = "faith_group"
    shared_space = "shared_space"
    service = "service"
    event = "event"
    network = "network"
    bridge_builder = "bridge_builder"
    business = "business"

    @property
    def label(self) -> str:
        return {
            "community_group": "Community group",
            "faith_group": "Faith group",
            "shared_space": "Shared space",
            "service": "Service",
            "event": "Event",
            "network": "Network",
            "bridge_builder": "Bridge-builder role",
            "business": "Business",
        }[self.value]


class StrengthStatus(StrEnum):
    active = "active"
    at_risk = "at_risk"
    lost = "lost"

    @property
    def label(self) -> str:
        return {"active": "Active", "at_risk": "At risk", "lost": "Lost"}[self.value]


class Trend(StrEnum):
    improving = "improving"
    stable = "stable"
    worsening = "worsening"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Strength(Versioned, table=True):
    __tablename__ = "strength"
    __history_labels__: ClassVar[dict[str, str]] = {
        "name": "Name",
        "kind": "Kind",
        "status": "Status",
        "organisation": "Organisation",
        "area_ids": "Areas",
        "theme_ids": "Themes",
        "description": "Description",
        "voice_ids": "Voices as evidence",
        "exercise_ids": "Exercises as evidence",
    }

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    name: str = Field(sa_type=sa.String(200))
    kind: str = Field(sa_type=sa.String(30))
    status: str = Field(default=StrengthStatus.active.value, sa_type=sa.String(20))
    organisation: str | None = Field(default=None, sa_type=sa.String(200))
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    theme_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    description: str | None = Field(default=None, sa_type=sa.Text)
    voice_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    exercise_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)


class Struggle(Versioned, table=True):
    __tablename__ = "struggle"
    __history_labels__: ClassVar[dict[str, str]] = {
        "title": "Title",
        "severity": "Severity",
        "trend": "Trend",
        "area_ids": "Areas",
        "theme_ids": "Themes",
        "description": "Description",
        "groups_affected": "Groups affected",
        "voice_ids": "Voices as evidence",
        "exercise_ids": "Exercises as evidence",
        "data_sources": "Data sources",
        "strength_ids": "Strengths that could help",
    }

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    title: str = Field(sa_type=sa.String(200))
    severity: int = Field(default=3)
    trend: str = Field(default=Trend.stable.value, sa_type=sa.String(20))
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
