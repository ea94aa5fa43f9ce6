"""The strategy's narrative: the sections officers write in prose around the stages' records."""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, StrEnumType, Versioned


class NarrativePart(Labelled):
    foreword = "foreword", "Foreword"
    vision = "vision", "Our vision"
    our_place = "our_place", "Our place"
    how_we_listened = "how_we_listened", "How we listened"
    what_we_heard = "what_we_heard", "What we heard"
    our_priorities = "our_priorities", "Our priorities"
    making_a_difference = "making_a_difference", "How we will know we are making a difference"


class NarrativeSection(Versioned, table=True):
    """One section of the strategy's narrative, written in a small Markdown subset (``app.markdown``)."""

    __tablename__ = "narrative_section"
    __table_args__ = (sa.UniqueConstraint("strategy_id", "part"),)

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE", index=True)
    part: NarrativePart = Field(sa_type=StrEnumType(NarrativePart, 30))
    body: str = Field(default="", sa_type=sa.Text)


class CouncilLogo(SQLModel, table=True):
    """The council's logo for the cover of its strategy documents: a PNG, or an SVG already sanitised."""

    __tablename__ = "council_logo"

    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", primary_key=True)
    media_type: str = Field(sa_type=sa.String(30))  # image/png or image/svg+xml
    content: bytes = Field(sa_type=sa.LargeBinary)
