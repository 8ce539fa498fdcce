"""consent parts: the parts of a progress report a consent covers

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 12:00:00

Consents recorded before this revision get no parts (''): they named what may be shared
only in free text, which the app cannot hold a report to, so they cover no progress report
until the consent is recorded again with its parts ticked.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parts', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_column('parts')
