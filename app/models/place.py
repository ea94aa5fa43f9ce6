"""Places, their areas and their strategies."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, Versioned, utcnow


class Place(SQLModel, table=True):
    __tablename__ = "place"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=sa.String(80), unique=True, index=True)
    name: str = Field(sa_type=sa.String(200))
    gss_code: str = Field(sa_type=sa.String(9), unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class Area(Versioned, table=True):
    """A ward or neighbourhood. ``profile`` holds population counts by field and group, e.g.
    ``{"age_band": {"16-24": 1200}, "ethnic_group": {"White": 9000}}``, for "who we have heard from"."""

    __tablename__ = "area"
    __table_args__ = (sa.UniqueConstraint("place_id", "name"),)

    name: str = Field(sa_type=sa.String(200))
    gss_code: str | None = Field(default=None, sa_type=sa.String(9))
    welsh_name: str | None = Field(default=None, sa_type=sa.String(200))
    population: int | None = Field(default=None)
    profile: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # Where the profile's counts come from, as pages say it: "Census 2021, tables TS007A and TS021".
    profile_source: str | None = Field(default=None, sa_type=sa.String(200))
    # The simplified outline as a GeoJSON geometry in WGS84 longitude and latitude (app/services/geography).
    boundary: str | None = Field(default=None, sa_type=sa.Text)


class PlaceImport(SQLModel, table=True):
    """A checked boundary or census file waiting for the administrator to confirm it: what was read, not the
    file, so the confirmation saves exactly what the preview listed. Removed when saved or after a day."""

    __tablename__ = "place_import"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(sa_type=sa.String(64), unique=True, index=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    kind: str = Field(sa_type=sa.String(20))  # "areas" or "census"
    filename: str = Field(sa_type=sa.String(500))
    payload: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow)


class StrategyStatus(Labelled):
    draft = "draft", "Draft"
    adopted = "adopted", "Adopted"
    closed = "closed", "Closed"


class Strategy(Versioned, table=True):
    """One cycle of work for a place, e.g. "Cohesion strategy 2026 to 2029"."""

    __tablename__ = "strategy"
    __table_args__ = (sa.UniqueConstraint("place_id", "slug"),)

    slug: str = Field(sa_type=sa.String(80))
    title: str = Field(sa_type=sa.String(200))
    start_date: date
    end_date: date
    status: str = Field(default=StrategyStatus.draft.value, sa_type=sa.String(20))
