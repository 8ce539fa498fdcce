"""language choice: the language of each resident, staff account and house

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 02:00:00

A new table; no existing row changes, so nothing is re-sealed. Everyone and every house
reads English until a language is chosen.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'languagechoice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('resident_id', sa.Integer(), nullable=True),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('house_id', sa.Integer(), nullable=True),
        sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('bilingual', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['house_id'], ['house.id']),
        sa.ForeignKeyConstraint(['resident_id'], ['resident.id']),
        sa.ForeignKeyConstraint(['staff_id'], ['staffaccount.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('house_id'),
        sa.UniqueConstraint('resident_id'),
        sa.UniqueConstraint('staff_id'),
    )


def downgrade() -> None:
    op.drop_table('languagechoice')
