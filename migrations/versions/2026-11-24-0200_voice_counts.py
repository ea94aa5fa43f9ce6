"""voice counts by strategy, area, theme and profile group, kept in step by the write path

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROFILE_FIELDS = ("age_band", "ethnic_group", "faith", "disability", "migration_status", "gender")

voice = sa.table("voice", *(sa.column(name) for name in ("id", "strategy_id", "area_id", *PROFILE_FIELDS)))
voice_theme = sa.table("voice_theme", sa.column("voice_id"), sa.column("theme_id"))
voice_count = sa.table(
    "voice_count", *(sa.column(name) for name in ("strategy_id", "facet", "area_id", "value", "voices"))
)


def _counting_queries() -> list[sa.Select]:  # type: ignore[type-arg]
    """The counts of the voices already stored, as the write path keeps them from now on."""
    area = sa.func.coalesce(voice.c.area_id, sa.literal_column("0"))
    facet, blank, count = sa.literal_column, sa.literal_column("''"), sa.func.count()
    queries = [
        sa.select(voice.c.strategy_id, facet("'all'"), area, blank, count).group_by(
            voice.c.strategy_id, area
        ),
        sa.select(voice.c.strategy_id, facet("'untagged'"), area, blank, count)
        .where(~sa.exists().where(voice_theme.c.voice_id == voice.c.id))
        .group_by(voice.c.strategy_id, area),
        sa.select(
            voice.c.strategy_id, facet("'theme'"), area, sa.cast(voice_theme.c.theme_id, sa.String(80)), count
        )
        .select_from(voice_theme.join(voice, voice.c.id == voice_theme.c.voice_id))
        .group_by(voice.c.strategy_id, area, voice_theme.c.theme_id),
    ]
    for name in PROFILE_FIELDS:
        queries.append(
            sa.select(voice.c.strategy_id, facet(f"'{name}'"), area, voice.c[name], count)
            .where(voice.c[name].is_not(None))
            .group_by(voice.c.strategy_id, area, voice.c[name])
        )
    return queries


def upgrade() -> None:
    op.create_table(
        "voice_count",
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("area_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("voices", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["strategy_id"], ["strategy.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("strategy_id", "facet", "area_id", "value"),
    )
    columns = ["strategy_id", "facet", "area_id", "value", "voices"]
    for query in _counting_queries():
        op.execute(sa.insert(voice_count).from_select(columns, query))
    # "Who we have heard from" reads the counts now, so the index it counted from only slows writes down.
    op.drop_index("ix_voice_strategy_id_profile", table_name="voice", if_exists=True)
    # A database migrated by an earlier form of 0007 lacks this one (the voices list filtered by theme).
    op.create_index(
        "ix_voice_theme_place_id_theme_id_voice_id",
        "voice_theme",
        ["place_id", "theme_id", "voice_id"],
        unique=False,
        if_not_exists=True,
    )
    if op.get_bind().dialect.name == "postgresql":
        # A strategy's voices all lie in its own place's areas: without this the planner assumes strategy and
        # area are independent, and its estimate for one area of one strategy falls as places are added.
        op.execute(
            "CREATE STATISTICS IF NOT EXISTS voice_strategy_area (dependencies) "
            "ON strategy_id, area_id FROM voice"
        )
        op.execute("ANALYZE voice")


def downgrade() -> None:
    op.create_index(
        "ix_voice_strategy_id_profile", "voice", ["strategy_id", "area_id", *PROFILE_FIELDS], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS voice_strategy_area")
    op.drop_table("voice_count")
