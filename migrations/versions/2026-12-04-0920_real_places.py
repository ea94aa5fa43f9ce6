"""areas keep their Welsh name, simplified boundary and the source of their population profile; checked
boundary and census files wait in place_import for the administrator to confirm them

Revision ID: 0012
Revises: 0015
Create Date: 2026-12-04 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AREA_COLUMNS = (
    ("welsh_name", sa.String(length=200)),
    ("profile_source", sa.String(length=200)),
    ("boundary", sa.Text()),
)


def upgrade() -> None:
    # Plain ALTER TABLE, never SQLite's batch copy: dropping the old "area" table in a copy would set every
    # voice's area to none (its foreign key says ON DELETE SET NULL).
    for table in ("area", "area_version"):
        for name, type_ in _AREA_COLUMNS:
            op.add_column(table, sa.Column(name, type_, nullable=True))
    op.create_table(
        "place_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_place_import_place_id_place"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_place_import_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_import")),
    )
    with op.batch_alter_table("place_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_import_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_import_token"), ["token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("place_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_import_token"))
        batch_op.drop_index(batch_op.f("ix_place_import_place_id"))
    op.drop_table("place_import")
    for table in ("area_version", "area"):
        for name, _type in reversed(_AREA_COLUMNS):
            op.drop_column(table, name)
