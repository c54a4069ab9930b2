"""key recovery: retired office keys with who retired them, office names in the keyring

An office that lost its keys folder makes a new signing key (the old one stays in its keyring,
retired); the province re-pins after comparing fingerprints and keeps the old key as retired,
so certificates signed with either verify everywhere. Keyring entries carry the office's name
and county so another office's Verify dialog can name the office.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("office_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("office_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("county", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("retired_by", sa.String(length=120), nullable=False, server_default="")
        )
    with op.batch_alter_table("province_offices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pinned_by", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("province_offices", schema=None) as batch_op:
        batch_op.drop_column("pinned_by")
    with op.batch_alter_table("office_keys", schema=None) as batch_op:
        batch_op.drop_column("retired_by")
        batch_op.drop_column("county")
        batch_op.drop_column("office_name")
