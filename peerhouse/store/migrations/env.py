"""Alembic environment: always run on a connection handed over by `peerhouse.store.migrate`.

There is no URL here on purpose: the key never goes into a config file.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import peerhouse.models  # noqa: F401  (registers every table)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
