"""Bring a database to the program's schema, safely.

Before any migration an encrypted copy of the file is saved; each migration step is
its own transaction; a file from a newer PeerHouse is refused untouched.

Alembic is imported only when a file really needs migrating: it is slow to load and
takes ~16 MB, and nearly every open finds the file at the head revision already. The
revisions known are read from the migration scripts themselves (the same files Alembic
reads; tests/unit/test_migrations.py checks both agree).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from peerhouse.errors import SchemaTooNew
from peerhouse.i18n import lazy
from peerhouse.store.copy import encrypted_copy

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)
# `revision = '0002'` / `down_revision = None` lines of a migration script.
_REVISION_LINE = re.compile(
    r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:['"]([^'"]+)['"]|None)\s*$""", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> dict[str, str | None]:
    """Each revision of the migration scripts, with the one it follows (None: the first)."""
    found: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(script.read_text("utf-8"))}
        if values.get("revision"):
            found[str(values["revision"])] = values.get("down_revision")
    return found


def head_revision() -> str:
    """The newest revision: the one no other revision follows."""
    known = known_revisions()
    heads = set(known) - {down for down in known.values() if down}
    assert len(heads) == 1, f"the migration scripts must have one head, not {sorted(heads)}"
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The file's revision (None: a new, empty file), read as Alembic stores it."""
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except OperationalError as exc:
            if "no such table" in str(exc).lower():
                return None
            raise


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        n = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalar()
    return bool(n)


def refuse_newer(engine: Engine, what: str = "database") -> str | None:
    """The file's revision; SchemaTooNew if this program does not know it (a newer one wrote it)."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(
            lazy("This backup was saved by a newer version of PeerHouse. Install the newer "
                 "version to open it; the file has not been changed.") if what == "backup" else
            lazy("This database was saved by a newer version of PeerHouse. Install the newer "
                 "version to open it; the file has not been changed."))
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
    from alembic import command

    from peerhouse.store.audit import audit_key

    cfg = _config()
    with engine.execution_options(immediate=True).connect() as conn:
        cfg.attributes["connection"] = conn
        # For migrations that rewrite rows: they re-seal them (audit.reseal) with this key.
        cfg.attributes["audit_key"] = audit_key(db_key)
        command.upgrade(cfg, "head")
        conn.commit()
    return copy
