"""tension log entries' areas as index rows, and indexes for the log by status and by category: the log
filtered by an area, status or category and the weekly picture by ward

Revision ID: 0019
Revises: 0020
Create Date: 2026-12-04 12:40:00
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000

entry = sa.table(
    "tension_entry",
    sa.column("id", sa.Integer),
    sa.column("place_id", sa.Integer),
    sa.column("observed_on", sa.Date),
    sa.column("area_ids", sa.JSON),
)
area = sa.table("area", sa.column("id", sa.Integer), sa.column("place_id", sa.Integer))


def upgrade() -> None:
    link = op.create_table(
        "tension_entry_area",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_tension_entry_area_area_id_area"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["tension_entry.id"],
            name=op.f("fk_tension_entry_area_entry_id_tension_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_tension_entry_area_place_id_place"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("entry_id", "area_id", name=op.f("pk_tension_entry_area")),
    )
    # The entries already in the log, indexed as the write path would: only areas of the entry's own place.
    bind = op.get_bind()
    areas = {(area_id, place_id) for area_id, place_id in bind.execute(sa.select(area.c.id, area.c.place_id))}
    rows: list[dict[str, Any]] = []
    for entry_id, place_id, observed_on, area_ids in bind.execute(
        sa.select(entry.c.id, entry.c.place_id, entry.c.observed_on, entry.c.area_ids).order_by(entry.c.id)
    ):
        found = json.loads(area_ids) if isinstance(area_ids, str) else area_ids
        rows += [
            {"entry_id": entry_id, "area_id": area_id, "place_id": place_id, "observed_on": observed_on}
            for area_id in sorted(set(found or []))
            if (area_id, place_id) in areas
        ]
        if len(rows) >= BATCH:
            op.bulk_insert(link, rows)
            rows = []
    if rows:
        op.bulk_insert(link, rows)
    op.create_index(
        "ix_tension_entry_area_area_id_place_id_observed_on",
        "tension_entry_area",
        ["area_id", "place_id", "observed_on", "entry_id"],
        unique=False,
    )
    op.create_index(
        "ix_tension_entry_area_place_id_observed_on",
        "tension_entry_area",
        ["place_id", "observed_on", "area_id", "entry_id"],
        unique=False,
    )
    op.create_index(
        "ix_tension_entry_place_id_status_observed_on",
        "tension_entry",
        ["place_id", "status", "observed_on"],
        unique=False,
    )
    op.create_index(
        "ix_tension_entry_place_id_category_observed_on",
        "tension_entry",
        ["place_id", "category", "observed_on"],
        unique=False,
    )
    if bind.dialect.name == "postgresql":
        op.execute("ANALYZE tension_entry_area")


def downgrade() -> None:
    op.drop_index("ix_tension_entry_place_id_category_observed_on", table_name="tension_entry")
    op.drop_index("ix_tension_entry_place_id_status_observed_on", table_name="tension_entry")
    op.drop_index("ix_tension_entry_area_place_id_observed_on", table_name="tension_entry_area")
    op.drop_index("ix_tension_entry_area_area_id_place_id_observed_on", table_name="tension_entry_area")
    op.drop_table("tension_entry_area")
