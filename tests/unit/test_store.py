"""The encrypted engine: pragmas, encryption at rest, wrong keys, damage, concurrency."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from peerhouse.errors import DatabaseDamaged, WrongKey
from peerhouse.services import residents
from peerhouse.store import checks, vault
from peerhouse.store.engine import make_engine, probe
from peerhouse.store.keyfile import new_database_key


def test_connection_pragmas(house):
    with house.store.engine.connect() as conn:
        get = lambda p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()  # noqa: E731
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2  # FULL
        assert get("foreign_keys") == 1
        assert get("busy_timeout") == 5000
        assert get("temp_store") == 2  # MEMORY
        assert get("cache_size") == -65536
        assert get("cipher_version").startswith("4.")


def test_file_and_wal_hold_no_plaintext(house):
    house.admit("Zebulon", "Quackenbush", notes="Prefers the quiet room upstairs")
    for f in [house.paths.db, *house.paths.wal_files()]:
        if f.exists():
            data = f.read_bytes()
            assert b"Zebulon" not in data and b"Quackenbush" not in data and b"quiet room" not in data
    assert not house.paths.db.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(house.paths.db).execute("SELECT * FROM sqlite_master").fetchall()


def test_wrong_key_is_reported_as_wrong_key_and_file_unchanged(house):
    house.store.close()
    before = house.paths.db.read_bytes()
    with pytest.raises(WrongKey):
        vault.open_store(house.paths, new_database_key())
    engine = make_engine(house.paths.db, new_database_key())
    with pytest.raises(WrongKey):
        probe(engine)
    engine.dispose()
    assert house.paths.db.read_bytes() == before


def test_damaged_first_page_is_damage_not_wrong_key(house):
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    with house.paths.db.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00" * 32)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        vault.open_store(house.paths, key)


def test_byte_flip_in_middle_is_found_by_check(house):
    for i in range(30):
        house.admit(f"First{i}", f"Last{i}", status="applicant")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    size = house.paths.db.stat().st_size
    assert size > 8192
    with house.paths.db.open("r+b") as fh:
        fh.seek(size // 2)
        b = fh.read(1)
        fh.seek(size // 2)
        fh.write(bytes([b[0] ^ 0x55]))
    try:
        store = vault.open_store(house.paths, key, run_migrations=False)
    except (DatabaseDamaged, WrongKey):
        return
    report = checks.run_checks(store)
    store.close()
    assert not report.ok


def test_failed_write_leaves_nothing_behind(house):
    r = house.admit()
    with pytest.raises(RuntimeError), house.store.write() as session:
        row = session.get(residents.Resident, r.id)
        row.first_name = "Changed"
        session.add(row)
        session.flush()
        raise RuntimeError("boom")
    assert residents.get(house.store, house.manager, r.id).first_name == "Alex"


def test_concurrent_writers_keep_every_audit_event(house):
    from peerhouse.services.unit import record_now

    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(15):
                record_now(house.store, house.manager, "test.concurrent", "t", f"{n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = checks.run_checks(house.store)
    assert report.ok, report.lines


def test_busy_database_gets_a_plain_message(house):
    from peerhouse.errors import DatabaseBusy
    from peerhouse.services.unit import record_now
    from peerhouse.store.engine import Store

    key = vault.key_from_keyring(house.paths)
    blocker = house.store.engine.raw_connection()
    busy = Store(make_engine(house.paths.db, key, busy_timeout_ms=50), key, house.store.setup_id,
                 house.paths.db)
    try:
        blocker.cursor().execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy, match="try again"):
            record_now(busy, house.manager, "test.busy")
    finally:
        blocker.cursor().execute("ROLLBACK")
        blocker.close()
        busy.close()
