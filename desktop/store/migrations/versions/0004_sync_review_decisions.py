"""sync review decisions: who decided a conflict or a duplicate flag, and the version chosen

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("decided_by", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("chosen_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("chosen_snapshot", sa.JSON(), nullable=True))
    with op.batch_alter_table("duplicate_flags", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decided_by", sa.String(length=120), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("duplicate_flags", schema=None) as batch_op:
        batch_op.drop_column("decided_by")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_column("chosen_snapshot")
        batch_op.drop_column("chosen_digest")
        batch_op.drop_column("note")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("decided_at")
