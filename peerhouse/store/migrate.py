"""Bring a database to the program's schema, safely.

Before any migration an encrypted copy of the file is saved; each migration step is
its own transaction; a file from a newer PeerHouse is refused untouched.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from peerhouse.errors import SchemaTooNew
from peerhouse.store.copy import encrypted_copy

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        n = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalar()
    return bool(n)


def refuse_newer(engine: Engine, what: str = "database") -> str | None:
    """The file's revision; SchemaTooNew if this program does not know it (a newer one wrote it)."""
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNew(
            f"This {what} was saved by a newer version of PeerHouse. "
            "Install the newer version to open it; the file has not been changed."
        )
    return current


def upgrade(engine: Engine, db_path: Path, db_key: bytes) -> Path | None:
    """Migrate to head. Returns the path of the pre-migration copy, if one was made."""
    current = refuse_newer(engine)
    if current == head_revision():
        return None
    copy: Path | None = None
    for stale in db_path.parent.glob(f"{db_path.stem}.pre-migration-*.db.partial"):
        stale.unlink(missing_ok=True)  # a copy cut short by a crash (encrypted, never used)
    if _has_tables(engine):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = db_path.with_name(f"{db_path.stem}.pre-migration-{current}-{stamp}.db")
        encrypted_copy(db_path, db_key, copy)
        log.info("saved pre-migration copy %s", copy.name)
    cfg = _config()
    with engine.execution_options(immediate=True).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    return copy
