"""A place's public pages for residents: whether they are on, in which languages, and the place's own words
for them (Welsh versions of published titles and answers, Easy Read wording)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import Versioned, utcnow


class PublicPage(Versioned, table=True):
    """Off until an officer switches it on; a place with no row has no public pages."""

    __tablename__ = "public_page"
    __table_args__ = (sa.UniqueConstraint("place_id"),)

    enabled: bool = Field(default=False)
    welsh: bool = Field(default=False)
    contact: str = Field(default="", sa_type=sa.Text)
    contact_cy: str = Field(default="", sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow)


class PublicText(Versioned, table=True):
    """The place's own wording of one published text for residents, in one language.

    Keyed by the English text it renders (``source``, with its hash for the unique index), not by record id:
    when the published English changes, an older translation no longer matches and the page falls back to
    the English, marked, rather than showing a translation of something else."""

    __tablename__ = "public_text"
    __table_args__ = (sa.UniqueConstraint("place_id", "purpose", "language", "source_hash"),)

    purpose: str = Field(sa_type=sa.String(20))  # "translation" or "easy_read"
    language: str = Field(sa_type=sa.String(2))  # "en" or "cy"
    source_hash: str = Field(sa_type=sa.String(64))
    source: str = Field(sa_type=sa.Text)
    text: str = Field(sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow)
