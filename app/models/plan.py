"""Action plan stage: priorities, actions (with milestones, risks and child actions) and indicators."""

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import Labelled, StrEnumType, Versioned


class ActionStatus(Labelled):
    not_started = "not_started", "Not started"
    on_track = "on_track", "On track"
    at_risk = "at_risk", "At risk"
    off_track = "off_track", "Off track"
    complete = "complete", "Complete"
    stopped = "stopped", "Stopped"


class FundingSource(Labelled):
    pride_in_place = "pride_in_place", "Pride in Place"
    council_core = "council_core", "Council core budget"
    partner = "partner", "Partner contribution"
    grant = "grant", "Grant or trust funding"
    none = "none", "No budget needed"
    other = "other", "Other"


class IndicatorKind(Labelled):
    population = "population", "Population: a whole-place result"
    performance = "performance", "Performance: how we did"


class PerformanceQuestion(Labelled):
    how_much = "how_much", "How much did we do?"
    how_well = "how_well", "How well did we do it?"
    better_off = "better_off", "Is anyone better off?"


class Polarity(Labelled):
    # Member names are not "higher" and "lower": a str enum member called lower would hide str.lower.
    higher_is_better = "higher", "Higher is better"
    lower_is_better = "lower", "Lower is better"


class Priority(Versioned, table=True):
    """An outcome the strategy aims for, answering struggles and building on strengths."""

    __tablename__ = "priority"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    outcome: str = Field(sa_type=sa.String(300))
    description: str | None = Field(default=None, sa_type=sa.Text)
    struggle_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    strength_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    position: int = Field(default=0)


class Action(Versioned, table=True):
    __tablename__ = "action"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    title: str = Field(sa_type=sa.String(200))
    description: str | None = Field(default=None, sa_type=sa.Text)
    priority_id: int | None = Field(default=None, foreign_key="priority.id", ondelete="SET NULL", index=True)
    parent_id: int | None = Field(default=None, foreign_key="action.id", ondelete="SET NULL", index=True)
    weight: int = Field(default=1)
    status: ActionStatus = Field(
        default=ActionStatus.not_started, sa_type=StrEnumType(ActionStatus, 20), index=True
    )
    lead_organisation: str = Field(sa_type=sa.String(200))
    partners: str | None = Field(default=None, sa_type=sa.Text)
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    struggle_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    start_date: date
    end_date: date
    budget: int | None = Field(default=None)  # whole pounds
    funding_source: FundingSource | None = Field(default=None, sa_type=StrEnumType(FundingSource, 30))
    # [{"title": ..., "due": "2026-09-30", "done": false}]
    milestones: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # [{"description": ..., "likelihood": "high", "impact": "medium", "mitigation": ...}]
    risks: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    percent_complete: int = Field(default=0)
    update_every_months: int = Field(default=3)


class Indicator(Versioned, table=True):
    __tablename__ = "indicator"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    library_key: str | None = Field(default=None, sa_type=sa.String(60), index=True)
    name: str = Field(sa_type=sa.String(200))
    kind: IndicatorKind = Field(sa_type=StrEnumType(IndicatorKind, 20))
    performance_question: PerformanceQuestion | None = Field(
        default=None, sa_type=StrEnumType(PerformanceQuestion, 20)
    )
    definition: str | None = Field(default=None, sa_type=sa.Text)
    question: str | None = Field(default=None, sa_type=sa.Text)
    unit: str = Field(default="%", sa_type=sa.String(40))
    data_source: str | None = Field(default=None, sa_type=sa.String(300))
    polarity: Polarity = Field(default=Polarity.higher_is_better, sa_type=StrEnumType(Polarity, 10))
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    frequency: str | None = Field(default=None, sa_type=sa.String(60))
    priority_id: int | None = Field(default=None, foreign_key="priority.id", ondelete="SET NULL")
    action_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    story: str | None = Field(default=None, sa_type=sa.Text)
    story_partners: str | None = Field(default=None, sa_type=sa.Text)
    what_works: str | None = Field(default=None, sa_type=sa.Text)
