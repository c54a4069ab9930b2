"""office age recipient: the province encrypts receipts to each office

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("province_offices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_recipient", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("age_recipient_rev", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("province_offices", schema=None) as batch_op:
        batch_op.drop_column("age_recipient_rev")
        batch_op.drop_column("age_recipient")
