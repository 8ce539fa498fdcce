"""Migrations: every earlier schema's fixture opens, copies are saved, newer files refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from peerhouse.errors import SchemaTooNew
from peerhouse.models.audit import AuditEvent
from peerhouse.models.consent import Consent
from peerhouse.models.people import Resident
from peerhouse.paths import DataPaths
from peerhouse.store import checks, migrate, vault
from tests.support.extra_revision import extra_revision_scripts

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "schemas").iterdir())
PASSWORD = "fixture-owner-password"


def _copy_fixture(src: Path, tmp_path: Path) -> DataPaths:
    dest = tmp_path / src.name
    shutil.copytree(src, dest)
    return DataPaths(dest)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_every_earlier_schema_opens_at_head_with_its_data(fixture, tmp_path):
    paths = _copy_fixture(fixture, tmp_path)
    code = (paths.root / "RECOVERY_CODE.txt").read_text().strip()
    key = vault.key_from_secret(paths, recovery_code=code)
    assert key == vault.key_from_secret(paths, password=PASSWORD)
    store = vault.open_store(paths, key)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.read() as s:
            names = sorted(r.first_name for r in s.exec(select(Resident)))
        assert names == ["Fixture", "Second"]
        assert checks.run_checks(store).ok
    finally:
        store.close()
    if fixture.name != migrate.head_revision():
        assert list(paths.root.glob("peerhouse.pre-migration-*.db"))


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if f.name < "0003"],
                         ids=lambda f: f.name)
def test_files_from_before_row_seals_are_sealed_by_one_audited_system_event(fixture, tmp_path):
    paths = _copy_fixture(fixture, tmp_path)
    key = vault.key_from_secret(paths, password=PASSWORD)
    store = vault.open_store(paths, key)
    try:
        with store.read() as s:
            last = s.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
            rows = sum(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in (
                "resident", "house", "phase", "staffaccount", "stay", "consent", "resource"))
        assert last is not None and (last.actor, last.action) == ("system", "records.seal")
        assert json.loads(last.details) == {"why": "migration 0003", "rows": rows} and last.seal
        lines = {n: (ok, d) for n, ok, d in checks.run_checks(store).lines}
        assert lines["records"] == (True, f"all {rows:,} records match their audited changes")
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE resident SET last_name = 'Other' WHERE first_name = "
                                 "'Second'")
        found = {n: (ok, d) for n, ok, d in checks.run_checks(store).lines}["records"]
        assert not found[0] and found[1].startswith("table resident, id ")
        assert "Other" not in found[1] and "Second" not in found[1]
    finally:
        store.close()


def test_a_file_from_before_row_seals_checks_without_migrating(tmp_path):
    """`peerhouse check` never migrates: an older file (or backup) passes, saying it is
    not sealed yet."""
    paths = _copy_fixture(FIXTURES[1], tmp_path)
    assert FIXTURES[1].name == "0002"
    store = vault.open_store(paths, vault.key_from_secret(paths, password=PASSWORD),
                             run_migrations=False)
    try:
        lines = {n: (ok, d) for n, ok, d in checks.run_checks(store).lines}
        assert lines["audit chain"][0] and lines["records"][0]
        assert lines["records"][1].startswith("not sealed yet")
        assert migrate.current_revision(store.engine) == "0002"
    finally:
        store.close()


def test_consents_from_0001_upgrade_covering_no_report_parts(tmp_path):
    """0002 added the parts a consent covers; earlier consents named them only in words,
    so they get none ('') and keep those words."""
    paths = _copy_fixture(FIXTURES[0], tmp_path)
    assert FIXTURES[0].name == "0001"
    key = vault.key_from_secret(paths, password=PASSWORD)
    store = vault.open_store(paths, key, run_migrations=False)
    with store.engine.begin() as conn:
        rid = conn.exec_driver_sql("SELECT min(id) FROM resident").scalar()
        for recipient in ("Probation office", "Family member"):
            conn.exec_driver_sql(
                "INSERT INTO consent (resident_id, recipient, purpose, information, signed_on, "
                "expires_on, created_at) VALUES (?, ?, 'Court', 'Residence and phase only', "
                "'2025-02-03', '2030-02-03', '2025-02-03 12:00:00.000000')", (rid, recipient))
    store.close()
    store = vault.open_store(paths, key)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.read() as s:
            found = s.exec(select(Consent).order_by(Consent.id)).all()
        assert [(c.recipient, c.information, c.parts, c.part_keys) for c in found] == [
            ("Probation office", "Residence and phase only", "", ()),
            ("Family member", "Residence and phase only", "", ())]
        assert checks.run_checks(store).ok
    finally:
        store.close()


def _with_extra_revision(monkeypatch, tmp_path, fail: bool) -> None:
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", extra_revision_scripts(tmp_path, fail=fail))


def test_migration_saves_an_encrypted_copy_first(monkeypatch, tmp_path):
    paths = _copy_fixture(FIXTURES[-1], tmp_path)
    key = vault.key_from_secret(paths, password=PASSWORD)
    old_rev = FIXTURES[-1].name
    _with_extra_revision(monkeypatch, tmp_path, fail=False)
    store = vault.open_store(paths, key)
    assert migrate.current_revision(store.engine) == "9001"
    store.close()
    copies = list(paths.root.glob(f"peerhouse.pre-migration-{old_rev}-*.db"))
    assert len(copies) == 1
    assert not copies[0].read_bytes().startswith(b"SQLite format 3")
    copy_paths = DataPaths(tmp_path / "copy")
    copy_paths.root.mkdir()
    shutil.copy(copies[0], copy_paths.db)
    shutil.copy(paths.keyfile, copy_paths.keyfile)
    copy_store = vault.open_store(copy_paths, key, run_migrations=False)
    assert migrate.current_revision(copy_store.engine) == old_rev
    copy_store.close()


def test_failed_migration_leaves_previous_schema_and_data(monkeypatch, tmp_path):
    paths = _copy_fixture(FIXTURES[-1], tmp_path)
    key = vault.key_from_secret(paths, password=PASSWORD)
    _with_extra_revision(monkeypatch, tmp_path, fail=True)
    with pytest.raises(RuntimeError, match="disk trouble"):
        vault.open_store(paths, key)
    monkeypatch.undo()
    store = vault.open_store(paths, key, run_migrations=False)
    try:
        assert migrate.current_revision(store.engine) == FIXTURES[-1].name
        with store.engine.connect() as conn:
            cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(appsetting)")]
        assert "extra" not in cols
        assert checks.run_checks(store).ok
    finally:
        store.close()


def test_newer_schema_is_refused_and_file_untouched(house):
    with house.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_future'")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    before = house.paths.db.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version of PeerHouse"):
        vault.open_store(house.paths, key)
    assert house.paths.db.read_bytes() == before
    assert not list(house.paths.root.glob("*.pre-migration-*"))


def test_a_new_file_migrates_to_exactly_the_models(tmp_path):
    """The migration chain from an empty file builds the schema the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import peerhouse.models  # noqa: F401

    paths = DataPaths(tmp_path / "new")
    store = vault.create_database(paths, PASSWORD).store
    try:
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        store.close()


def _alembic_view(scripts: Path) -> tuple[dict[str, str | None], str | None]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    found = ScriptDirectory.from_config(cfg)
    downs = {r.revision: r.down_revision for r in found.walk_revisions()}
    return downs, found.get_current_head()  # type: ignore[return-value]


def test_the_revisions_read_from_the_scripts_are_alembics(tmp_path, monkeypatch):
    downs, head = _alembic_view(migrate.MIGRATIONS_DIR)
    assert migrate.known_revisions() == downs and migrate.head_revision() == head
    scripts = extra_revision_scripts(tmp_path)  # a script written the way tests add one
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    downs, head = _alembic_view(scripts)
    assert migrate.known_revisions() == downs and migrate.head_revision() == head == "9001"


def test_opening_a_file_at_head_does_not_load_alembic(house):
    import subprocess
    import sys

    house.store.close()
    code = (
        "import sys\n"
        "from peerhouse.paths import DataPaths\n"
        "from peerhouse.store import vault\n"
        f"paths = DataPaths.resolve({str(house.paths.root)!r})\n"
        "store = vault.open_store(paths, vault.key_from_keyring(paths))\n"
        "store.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parents[2], timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"
