"""A test-only schema revision after the real head, in a copy of the migration scripts.

Real upgrades of a real file (there is only one released revision so far): the copy of
the scripts gains `9001`, which rebuilds one table (SQLite batch mode copies every row),
so a migration can be made to fail or be killed half-way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from peerhouse.store import migrate

REVISION = "9001"

TEMPLATE = '''
import sqlalchemy as sa
from alembic import context, op

from peerhouse.store import audit

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("{table}", recreate="always") as batch:
        batch.add_column(sa.Column("extra", sa.Integer(), nullable=False, server_default="7"))
    # The rows were rewritten (a new column): they are sealed anew, as an audited event.
    audit.reseal(op.get_bind(), context.config.attributes["audit_key"], "migration {revision}",
                 ["{table}"])
    {fail}


def downgrade() -> None:
    pass
'''


def extra_revision_scripts(folder: Path, *, table: str = "appsetting", fail: bool = False) -> Path:
    """Copy the migration scripts into `folder`/migrations and add revision 9001."""
    scripts = folder / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    body = TEMPLATE.format(revision=REVISION, head=migrate.head_revision(), table=table,
                           fail="raise RuntimeError('disk trouble')" if fail else "")
    (scripts / "versions" / f"{REVISION}_extra.py").write_text(body)
    return scripts
