"""row seals: each audited change carries the digests of the rows it wrote

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 12:00:00

Adds the event's `seal` and the `rowseal` table (store/seals.py), then seals every row
the file already holds, as one audited system event ("records.seal"): from here on,
`check` finds any row changed outside PeerHouse.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import context, op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=False, server_default=''))
    op.create_table(
        'rowseal',
        sa.Column('tbl', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('full', sa.Boolean(), nullable=False),
        sa.Column('rids', sa.Text(), nullable=False),
        sa.Column('digests', sa.LargeBinary(), nullable=False),
        sa.Column('prevs', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('tbl', 'seq'),
    )
    from peerhouse.store import audit

    audit.reseal(op.get_bind(), context.config.attributes["audit_key"], "migration 0003")


def downgrade() -> None:
    op.drop_table('rowseal')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_column('seal')
