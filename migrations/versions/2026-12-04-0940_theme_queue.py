"""dismissed groups of proposed new themes, and the indexes the "needs themes" queue and suggestions walk

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-04 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme_group_dismissal",
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["place.id"],
            name=op.f("fk_theme_group_dismissal_place_id_place"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["strategy_id"],
            ["strategy.id"],
            name=op.f("fk_theme_group_dismissal_strategy_id_strategy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("strategy_id", "signature", name=op.f("pk_theme_group_dismissal")),
    )
    with op.batch_alter_table("theme_group_dismissal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_group_dismissal_place_id"), ["place_id"], unique=False)
    with op.batch_alter_table("voice", schema=None) as batch_op:
        batch_op.create_index("ix_voice_strategy_id_id", ["strategy_id", "id"], unique=False)
    with op.batch_alter_table("voice_theme", schema=None) as batch_op:
        batch_op.create_index("ix_voice_theme_place_id_voice_id", ["place_id", "voice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("voice", schema=None) as batch_op:
        batch_op.drop_index("ix_voice_strategy_id_id")
    with op.batch_alter_table("voice_theme", schema=None) as batch_op:
        batch_op.drop_index("ix_voice_theme_place_id_voice_id")
    with op.batch_alter_table("theme_group_dismissal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_group_dismissal_place_id"))
    op.drop_table("theme_group_dismissal")
