"""survey uploads lose their unused "mapping" column: the chosen columns travel with each form, not the upload

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_upload", schema=None) as batch_op:
        batch_op.drop_column("mapping")


def downgrade() -> None:
    with op.batch_alter_table("survey_upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mapping", sa.JSON(), nullable=True))
