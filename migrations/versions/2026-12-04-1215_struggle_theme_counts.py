"""voice counts of struggles and concerns by theme, for the mapping stage's candidates

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-04 12:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACET = "struggle_theme"

voice = sa.table("voice", sa.column("id"), sa.column("strategy_id"), sa.column("area_id"), sa.column("kind"))
voice_theme = sa.table("voice_theme", sa.column("voice_id"), sa.column("theme_id"))
voice_count = sa.table(
    "voice_count", *(sa.column(name) for name in ("strategy_id", "facet", "area_id", "value", "voices"))
)


def upgrade() -> None:
    """Count the voices already stored, as the write path keeps them from now on."""
    area = sa.func.coalesce(voice.c.area_id, sa.literal_column("0"))
    query = (
        sa.select(
            voice.c.strategy_id,
            sa.literal_column(f"'{FACET}'"),
            area,
            sa.cast(voice_theme.c.theme_id, sa.String(80)),
            sa.func.count(),
        )
        .select_from(voice_theme.join(voice, voice.c.id == voice_theme.c.voice_id))
        .where(voice.c.kind.in_(["struggle", "concern"]))
        .group_by(voice.c.strategy_id, area, voice_theme.c.theme_id)
    )
    op.execute(sa.delete(voice_count).where(voice_count.c.facet == FACET))
    op.execute(
        sa.insert(voice_count).from_select(["strategy_id", "facet", "area_id", "value", "voices"], query)
    )


def downgrade() -> None:
    op.execute(sa.delete(voice_count).where(voice_count.c.facet == FACET))
