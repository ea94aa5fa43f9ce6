"""Community tensions: a private log of what was observed, a weekly level per ward, and rumours answered.

Everything here is behind the "tension log" permission on a membership (app/services/access.py). Areas and
related struggles are id lists on the entry, so they are versioned and diffed with it, as on a struggle; the
areas are also indexed in ``TensionEntryArea``, which the log's area filter and the weekly picture read.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, StrEnumType, Versioned


class TensionCategory(Labelled):
    race = "race", "Race"
    faith = "faith", "Faith"
    migration = "migration", "Migration and asylum"
    antisocial_behaviour = "antisocial_behaviour", "Anti-social behaviour"
    protest = "protest", "Protest or event"
    online = "online", "Online"
    disability = "disability", "Disability"
    sexual_orientation_gender_identity = (
        "sexual_orientation_gender_identity",
        "Sexual orientation or gender identity",
    )
    rumour = "rumour", "Rumour or misinformation"
    other = "other", "Other"


class TensionSource(Labelled):
    resident = "resident", "Resident"
    partner = "partner", "Partner organisation"
    police = "police", "Police"
    social_media = "social_media", "Social media"
    news = "news", "News"
    staff = "staff", "Council staff"


class EvidenceType(Labelled):
    """The police's split of community tension information."""

    evidenced = "evidenced", "Evidenced"
    experienced = "experienced", "Experienced"
    potential = "potential", "Potential"


class Spread(Labelled):
    contained = "contained", "Contained"
    local = "local", "Local"
    wider = "wider", "Wider"
    online = "online", "Spreading online"


class TensionStatus(Labelled):
    open = "open", "Open"
    monitoring = "monitoring", "Monitoring"
    closed = "closed", "Closed"


class TensionLevel(Labelled):
    low = "low", "Low"
    medium = "medium", "Medium"
    high = "high", "High"
    critical = "critical", "Critical"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour (the tag also says the level in words: colour is never needed alone)."""
        return _TAG_CLASSES[self.value]

    @property
    def rank(self) -> int:
        """1 (low) to 4 (critical), for comparing levels and drawing them."""
        return list(TensionLevel).index(self) + 1


_TAG_CLASSES = {
    "low": "govuk-tag--green",
    "medium": "govuk-tag--yellow",
    "high": "govuk-tag--orange",
    "critical": "govuk-tag--red",
}


# What each point of an entry's impact (1 to 5) means, as its form offers it.
IMPACT_WORDS = ("little", "some", "serious", "very serious", "severe")


class TensionEntry(Versioned, table=True):
    __tablename__ = "tension_entry"
    __table_args__ = (
        sa.Index("ix_tension_entry_place_id_observed_on", "place_id", "observed_on"),
        # The log filtered by status or by category, newest first, and counted, from the index alone.
        sa.Index("ix_tension_entry_place_id_status_observed_on", "place_id", "status", "observed_on"),
        sa.Index("ix_tension_entry_place_id_category_observed_on", "place_id", "category", "observed_on"),
    )

    observed_on: date
    title: str = Field(sa_type=sa.String(200))
    category: TensionCategory = Field(sa_type=StrEnumType(TensionCategory, 40))
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    # Redacted before storage, as a voice is.
    what_happened: str = Field(sa_type=sa.Text)
    source: TensionSource = Field(sa_type=StrEnumType(TensionSource, 20))
    evidence_type: EvidenceType = Field(sa_type=StrEnumType(EvidenceType, 20))
    spread: Spread = Field(sa_type=StrEnumType(Spread, 20))
    impact: int = Field(default=1)
    police_reference: str | None = Field(default=None, sa_type=sa.String(60))
    struggle_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    actions_taken: str | None = Field(default=None, sa_type=sa.Text)
    status: TensionStatus = Field(default=TensionStatus.open, sa_type=StrEnumType(TensionStatus, 20))
    follow_up_on: date | None = Field(default=None)
    # A rumour that returns: the earlier entries of the same rumour.
    earlier_entry_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)


class TensionEntryArea(SQLModel, table=True):
    """Index of (entry, area) kept in step with ``TensionEntry.area_ids`` by the write path
    (``app.services.tensions.log.index_areas``), with the entry's date: the log filtered by an area and the
    weekly picture's figures by ward read this index, not every entry's list of areas."""

    __tablename__ = "tension_entry_area"
    # Each answers one query with both of its filters, so that even a database with no statistics (SQLite
    # unless analysed) reads only what it needs: a place's ward in date order (the log filtered by an area),
    # and a place's fortnight with its wards (the weekly picture).
    __table_args__ = (
        sa.Index(
            "ix_tension_entry_area_area_id_place_id_observed_on",
            "area_id",
            "place_id",
            "observed_on",
            "entry_id",
        ),
        sa.Index(
            "ix_tension_entry_area_place_id_observed_on", "place_id", "observed_on", "area_id", "entry_id"
        ),
    )

    entry_id: int = Field(foreign_key="tension_entry.id", ondelete="CASCADE", primary_key=True)
    area_id: int = Field(foreign_key="area.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE")
    observed_on: date


class RumourResponse(Versioned, table=True):
    """The answer to a rumour: a draft in plain words, signed off by a second person, then published."""

    __tablename__ = "rumour_response"

    entry_id: int = Field(foreign_key="tension_entry.id", ondelete="CASCADE", unique=True)
    draft: str = Field(sa_type=sa.Text)
    drafted_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    signed_off_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    signed_off_at: datetime | None = Field(default=None)
    published_on: date | None = Field(default=None)
    published_where: str | None = Field(default=None, sa_type=sa.String(300))


class WeeklyLevel(Versioned, table=True):
    """The level an officer set for one ward (or, without an area, the whole place) in one week."""

    __tablename__ = "weekly_level"
    __table_args__ = (sa.Index("ix_weekly_level_place_id_week_start", "place_id", "week_start"),)

    week_start: date  # the Monday
    area_id: int | None = Field(default=None, foreign_key="area.id", ondelete="CASCADE")
    level: TensionLevel = Field(sa_type=StrEnumType(TensionLevel, 20))
    reason: str = Field(sa_type=sa.Text)
    # Only the place-wide level is published; councillors see it once it is.
    published: bool = Field(default=False)
