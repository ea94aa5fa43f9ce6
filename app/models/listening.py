"""Listening stage: exercises, what people said (voices), themes and Place Standard scores.

Areas and themes of a record are kept as id lists on the record itself, so that they are versioned and
diffed like any other field; ``VoiceTheme`` is an index of the same facts kept in step by the one write
path, so that counts by theme and area are single indexed queries at national scale.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, StrEnumType, Versioned, utcnow


class ListeningMethod(Labelled):
    survey = "survey", "Survey"
    focus_group = "focus_group", "Focus group"
    interview = "interview", "One-to-one interview"
    street = "street", "Street conversation or pop-up"
    workshop = "workshop", "Workshop"
    community_event = "community_event", "Community event"
    walkabout = "walkabout", "Walkabout"
    online = "online", "Online consultation"
    roundtable = "roundtable", "Stakeholder roundtable"
    other = "other", "Other"


class ConsentBasis(Labelled):
    consent = "consent", "Consent"
    public_task = "public_task", "Public task"
    legitimate_interests = "legitimate_interests", "Legitimate interests"
    anonymous = "anonymous", "Anonymous: no personal data collected"


class VoiceKind(Labelled):
    strength = "strength", "Strength"
    struggle = "struggle", "Struggle"
    idea = "idea", "Idea"
    concern = "concern", "Concern"


# Profile fields for "who took part" and "who we have heard from", with their groups in display order.
PROFILE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "age_band": ("Age", ("Under 16", "16-24", "25-34", "35-49", "50-64", "65+")),
    "ethnic_group": (
        "Ethnic group",
        (
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple",
            "White",
            "Other ethnic group",
        ),
    ),
    "faith": (
        "Faith",
        ("No religion", "Buddhist", "Christian", "Hindu", "Jewish", "Muslim", "Sikh", "Other religion"),
    ),
    "disability": ("Disability", ("Disabled", "Not disabled")),
    "migration_status": (
        "Migration status",
        ("Born in the UK", "Settled migrant", "Recent arrival", "Refugee or asylum seeker"),
    ),
    "gender": ("Gender", ("Woman", "Man", "Non-binary or other")),
}


class Theme(SQLModel, table=True):
    """A theme in the shared taxonomy (``place_id`` empty) or one a place added for itself."""

    __tablename__ = "theme"
    __table_args__ = (sa.UniqueConstraint("place_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=sa.String(80), index=True)
    name: str = Field(sa_type=sa.String(120))
    kind: str = Field(sa_type=sa.String(20))  # place_standard, cohesion or local
    place_id: int | None = Field(default=None, foreign_key="place.id", ondelete="CASCADE", index=True)
    keywords: list[str] | None = Field(default=None, sa_type=sa.JSON)
    position: int = Field(default=0)


class ListeningExercise(Versioned, table=True):
    __tablename__ = "listening_exercise"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    title: str = Field(sa_type=sa.String(200))
    method: ListeningMethod = Field(sa_type=StrEnumType(ListeningMethod, 30))
    start_date: date
    end_date: date | None = None
    area_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    partners: str | None = Field(default=None, sa_type=sa.Text)
    participants: int | None = None
    profile: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    consent_basis: str = Field(sa_type=sa.String(30))
    notes: str | None = Field(default=None, sa_type=sa.Text)


class Voice(Versioned, table=True):
    """One thing people said, or one observation, from an exercise. Personal details are redacted first."""

    __tablename__ = "voice"
    __table_args__ = (
        sa.Index("ix_voice_place_id_area_id", "place_id", "area_id"),
        sa.Index("ix_voice_place_id_kind", "place_id", "kind"),
    )

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    exercise_id: int = Field(foreign_key="listening_exercise.id", ondelete="CASCADE", index=True)
    text: str = Field(sa_type=sa.Text)
    kind: VoiceKind = Field(sa_type=StrEnumType(VoiceKind, 20))
    area_id: int | None = Field(default=None, foreign_key="area.id", ondelete="SET NULL")
    theme_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    age_band: str | None = Field(default=None, sa_type=sa.String(40))
    ethnic_group: str | None = Field(default=None, sa_type=sa.String(80))
    gender: str | None = Field(default=None, sa_type=sa.String(40))
    faith: str | None = Field(default=None, sa_type=sa.String(40))
    disability: str | None = Field(default=None, sa_type=sa.String(40))
    migration_status: str | None = Field(default=None, sa_type=sa.String(40))
    redactions: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow)


class VoiceTheme(SQLModel, table=True):
    """Index of (voice, theme) kept in step with ``Voice.theme_ids`` by the write path."""

    __tablename__ = "voice_theme"
    __table_args__ = (
        sa.Index("ix_voice_theme_place_id_theme_id_area_id", "place_id", "theme_id", "area_id"),
        sa.Index("ix_voice_theme_theme_id", "theme_id"),
    )

    voice_id: int = Field(foreign_key="voice.id", ondelete="CASCADE", primary_key=True)
    theme_id: int = Field(foreign_key="theme.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE")
    area_id: int | None = Field(default=None)


class VoiceCount(SQLModel, table=True):
    """How many of a strategy's voices fall in each area under each theme and profile group.

    A summary of ``Voice`` kept in step by the write path
    (``app.services.listening.voice_counts``), so that the
    analysis pages read a few hundred rows instead of counting a place's voices on every request. ``facet``
    is "all" (every voice), "untagged" (voices with no theme), "theme" (``value`` is the theme id) or a
    profile field (``value`` is the group); ``area_id`` 0 stands for voices with no area."""

    __tablename__ = "voice_count"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", primary_key=True)
    facet: str = Field(sa_type=sa.String(20), primary_key=True)
    area_id: int = Field(default=0, primary_key=True, sa_column_kwargs={"autoincrement": False})
    value: str = Field(default="", sa_type=sa.String(80), primary_key=True)
    voices: int = Field(default=0)


class ThemeDecision(SQLModel, table=True):
    """A suggestion a person rejected, so it is not suggested for that voice again."""

    __tablename__ = "theme_decision"

    voice_id: int = Field(foreign_key="voice.id", ondelete="CASCADE", primary_key=True)
    theme_id: int = Field(foreign_key="theme.id", ondelete="CASCADE", primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)


class ScoreSet(Versioned, table=True):
    """Place Standard scores (1 = a lot of room for improvement, 7 = very little) from one respondent, or a
    group's averages with the number of respondents behind them, for one area (or the whole place)."""

    __tablename__ = "score_set"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    exercise_id: int = Field(foreign_key="listening_exercise.id", ondelete="CASCADE", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id", ondelete="SET NULL")
    basis: str = Field(sa_type=sa.String(20))  # respondent or group
    respondents: int = Field(default=1)
    scores: dict[str, float] = Field(default_factory=dict, sa_type=sa.JSON)


class SurveyUpload(SQLModel, table=True):
    """An uploaded CSV waiting to be mapped and imported. Kept in the database, in chunks, so any worker
    can read it back as a stream."""

    __tablename__ = "survey_upload"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(sa_type=sa.String(64), unique=True, index=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    exercise_id: int = Field(foreign_key="listening_exercise.id", ondelete="CASCADE", index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    filename: str = Field(sa_type=sa.String(255))
    size: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class SurveyUploadChunk(SQLModel, table=True):
    __tablename__ = "survey_upload_chunk"

    upload_id: int = Field(foreign_key="survey_upload.id", ondelete="CASCADE", primary_key=True)
    position: int = Field(primary_key=True)
    data: bytes = Field(sa_type=sa.LargeBinary)


class ThemeGroupDismissal(SQLModel, table=True):
    """A proposed new theme (a group of similar unthemed voices) an officer dismissed, known by its typical
    words, so the same group is not offered again."""

    __tablename__ = "theme_group_dismissal"

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", primary_key=True)
    signature: str = Field(sa_type=sa.String(200), primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    dismissed_at: datetime = Field(default_factory=utcnow)
