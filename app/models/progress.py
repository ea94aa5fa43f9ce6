"""Progress stage: updates on actions and measurements of indicators."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import StrEnumType, Versioned
from app.models.plan import ActionStatus


class ActionUpdate(Versioned, table=True):
    """How an action went in one reporting period.

    The action's status and percent follow its latest update."""

    __tablename__ = "action_update"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    action_id: int = Field(foreign_key="action.id", ondelete="CASCADE", index=True)
    period_end: date
    status: ActionStatus = Field(sa_type=StrEnumType(ActionStatus, 20))
    percent_complete: int = Field(default=0)
    what_happened: str = Field(sa_type=sa.Text)
    blockers: str | None = Field(default=None, sa_type=sa.Text)
    evidence: str | None = Field(default=None, sa_type=sa.Text)
    spent: int | None = Field(default=None)


class Measurement(Versioned, table=True):
    """A value of an indicator for a date (the end of the period it covers)."""

    __tablename__ = "measurement"
    __table_args__ = (sa.Index("ix_measurement_indicator_id_measured_on", "indicator_id", "measured_on"),)

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    indicator_id: int = Field(foreign_key="indicator.id", ondelete="CASCADE")
    measured_on: date
    value: float
    source: str | None = Field(default=None, sa_type=sa.String(300))
    notes: str | None = Field(default=None, sa_type=sa.Text)
    sample_size: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
