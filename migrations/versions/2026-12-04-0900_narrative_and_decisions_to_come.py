"""the strategy's narrative as versioned sections and the council's logo; decisions still to come

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-04 09:01:18.833535
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "council_logo",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=30), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_council_logo_place_id_place"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("place_id", name=op.f("pk_council_logo")),
    )
    op.create_table(
        "narrative_section_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("place_id", sa.Integer(), autoincrement=False, nullable=True),
        sa.Column("strategy_id", sa.Integer(), autoincrement=False, nullable=True),
        sa.Column("part", sa.String(length=30), autoincrement=False, nullable=True),
        sa.Column("body", sa.Text(), autoincrement=False, nullable=True),
        sa.Column("transaction_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("end_transaction_id", sa.BigInteger(), nullable=True),
        sa.Column("operation_type", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", "transaction_id", name=op.f("pk_narrative_section_version")),
    )
    with op.batch_alter_table("narrative_section_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_narrative_section_version_end_transaction_id"),
            ["end_transaction_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_narrative_section_version_operation_type"), ["operation_type"], unique=False
        )
        batch_op.create_index(
            "ix_narrative_section_version_pk_transaction_id",
            ["id", sa.literal_column("transaction_id DESC")],
            unique=False,
        )
        batch_op.create_index(
            "ix_narrative_section_version_pk_validity",
            ["id", "transaction_id", "end_transaction_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_narrative_section_version_place_id"), ["place_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_narrative_section_version_strategy_id"), ["strategy_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_narrative_section_version_transaction_id"), ["transaction_id"], unique=False
        )

    op.create_table(
        "narrative_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=30), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_narrative_section_place_id_place"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["strategy_id"],
            ["strategy.id"],
            name=op.f("fk_narrative_section_strategy_id_strategy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_section")),
        sa.UniqueConstraint("strategy_id", "part", name=op.f("uq_narrative_section_strategy_id_part")),
    )
    with op.batch_alter_table("narrative_section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_narrative_section_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_narrative_section_strategy_id"), ["strategy_id"], unique=False)

    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decision_to_come", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.drop_column("decision_to_come")

    with op.batch_alter_table("narrative_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_section_strategy_id"))
        batch_op.drop_index(batch_op.f("ix_narrative_section_place_id"))

    op.drop_table("narrative_section")
    with op.batch_alter_table("narrative_section_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_section_version_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_narrative_section_version_strategy_id"))
        batch_op.drop_index(batch_op.f("ix_narrative_section_version_place_id"))
        batch_op.drop_index("ix_narrative_section_version_pk_validity")
        batch_op.drop_index("ix_narrative_section_version_pk_transaction_id")
        batch_op.drop_index(batch_op.f("ix_narrative_section_version_operation_type"))
        batch_op.drop_index(batch_op.f("ix_narrative_section_version_end_transaction_id"))

    op.drop_table("narrative_section_version")
    op.drop_table("council_logo")
