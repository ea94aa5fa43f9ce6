"""password reset requests are answered after the response: the address waits on the request until then

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-04 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reset_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    # Requests made before this change were answered when they were made.
    op.execute("UPDATE reset_request SET answered_at = requested_at")


def downgrade() -> None:
    with op.batch_alter_table("reset_request", schema=None) as batch_op:
        batch_op.drop_column("answered_at")
        batch_op.drop_column("email")
