"""The records' own messages, the refusals, the audit log's words and the command line
in Spanish: rendered from real failures (a wrong key, a damaged file, a busy database, a
locked account), in the language of whoever reads them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlmodel import select

from peerhouse.cli.main import main
from peerhouse.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    LockedOut,
    PermissionDenied,
    ValidationError,
    WrongKey,
)
from peerhouse.i18n import current_language, default_language, use_language
from peerhouse.models.audit_actions import Action, action_text, entity_text, who_text
from peerhouse.models.people import StaffAccount
from peerhouse.paths import DataPaths
from peerhouse.services import accounts, languages
from peerhouse.services.clock import now
from peerhouse.services.permissions import Perm, require
from peerhouse.services.secrets_policy import check_password_policy, check_pin_policy
from peerhouse.services.unit import record_now
from peerhouse.store import checks, vault
from peerhouse.store.engine import Store, make_engine
from tests.conftest import OWNER_PASSWORD
from tests.support.setup_write import setup_write


def _spanish(exc: BaseException, *spanish: str, english: str) -> None:
    """`exc` reads in Spanish inside `use_language('es')` and in English outside it."""
    with use_language("es"):
        text = str(exc)
    for words in spanish:
        assert words in text, text
    assert english not in text, text
    assert english in str(exc)


def test_a_wrong_key_and_a_damaged_file_in_spanish(tmp_path):
    paths = DataPaths(tmp_path / "d")
    vault.create_database(paths, OWNER_PASSWORD).store.close()
    with pytest.raises(WrongKey) as wrong:
        vault.key_from_secret(paths, password="not-the-owner-password")
    _spanish(wrong.value, "Esa contraseña de propietario(a) no abre esta base de datos.",
             english="does not open this database")
    key = vault.key_from_secret(paths, password=OWNER_PASSWORD)
    paths.db.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as damaged:
        vault.open_store(paths, key)
    _spanish(damaged.value, "El archivo de la base de datos está vacío",
             "Restaure la copia de seguridad buena más reciente",
             english="The database file is empty")


def test_a_busy_database_in_spanish(house):
    key = vault.key_from_keyring(house.paths)
    blocker = house.store.engine.raw_connection()
    busy = Store(make_engine(house.paths.db, key, busy_timeout_ms=50), key,
                 house.store.setup_id, house.paths.db)
    try:
        blocker.cursor().execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy) as found:
            record_now(busy, house.manager, "test.busy")
    finally:
        blocker.cursor().execute("ROLLBACK")
        blocker.close()
        busy.close()
    _spanish(found.value, "La base de datos está ocupada", "vuelva a intentarlo",
             english="The database is busy")


def test_permission_refusals_in_spanish(house):
    with pytest.raises(PermissionDenied) as staff:
        require(house.staff, Perm.ACCOUNTS_MANAGE)
    _spanish(staff.value, "Su cuenta no tiene permiso para hacer esto.",
             english="does not have permission")
    resident = house.resident_actor(house.admit("Rosa", "Díaz"))
    with pytest.raises(PermissionDenied) as other_house:
        require(resident, Perm.CHORES_READ, house_id=house.house_id + 1)
    _spanish(other_house.value, "Solo puede ver las tareas de su propia casa.",
             english="your own house's chores")


def test_a_locked_out_account_in_spanish(house):
    for _ in range(accounts.BACKOFF_AFTER):
        with pytest.raises((accounts.AuthenticationFailed, LockedOut)):
            accounts.login(house.store, "sam", "not-sams-password")
    with pytest.raises(LockedOut) as backoff:
        accounts.login(house.store, "sam", "staff-pass-1234")
    _spanish(backoff.value, "Demasiadas contraseñas incorrectas. Vuelva a intentarlo en",
             english="Too many wrong passwords")
    for _ in range(accounts.LOCK_AFTER):
        with setup_write(house.store) as s:  # skip the back-off wait between tries
            s.exec(select(StaffAccount).where(StaffAccount.username == "sam")).one() \
                .locked_until = now() - timedelta(1)
        with pytest.raises((accounts.AuthenticationFailed, LockedOut)):
            accounts.login(house.store, "sam", "not-sams-password")
    with pytest.raises(LockedOut) as locked:
        accounts.login(house.store, "sam", "staff-pass-1234")
    _spanish(locked.value, "Esta cuenta está bloqueada", "Pida a la persona propietaria",
             english="This account is locked")


def test_password_and_pin_rules_name_the_field_in_spanish():
    with pytest.raises(ValidationError) as short:
        check_password_policy("short")
    _spanish(short.value, "«Contraseña» debe tener al menos 10 caracteres.",
             english="must be at least")
    assert short.value.text("New password") == "New password must be at least 10 characters long."
    with pytest.raises(ValidationError) as pin:
        check_pin_policy("123456")
    _spanish(pin.value, "Ese PIN es demasiado fácil de adivinar", english="too easy to guess")


def test_the_audit_log_words_in_spanish():
    with use_language("es"):
        assert Action.LOGIN_SUCCESS.words == "Inició sesión"
        assert action_text("backup.create") == "Hizo una copia de seguridad"
        assert entity_text("checkin") == "Registro diario"
        assert who_text("resident:12", {}) == "Residente n.º 12 (quiosco)"
        words = {a.words for a in Action}
    assert Action.LOGIN_SUCCESS.words == "Logged in"
    english = {a.words for a in Action}
    # Every action has Spanish words of its own (none left in English).
    assert not words & english - {"PIN"}, sorted(words & english)


def test_the_check_report_in_spanish(house):
    with use_language("es"):
        report = checks.run_checks(house.store, quick=True)
        shown = report.shown()
    assert report.ok
    assert [name for name, _ok, _detail in shown] == ["integridad", "cadena de auditoría"]
    assert shown[1][2].startswith("cadena de auditoría intacta: ")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_peerhouse_language_es_check_prints_spanish(house, capsys):
    root = str(house.paths.root)
    code, out, err = _run(capsys, "--language", "es", "check", "--quick", "--data-dir", root)
    assert code == 0, err
    assert "\nbien   cadena de auditoría: cadena de auditoría intacta: " in out
    assert out.startswith("bien   integridad: correcto\n")
    assert "Todas las comprobaciones pasaron." in out
    assert "All checks passed" not in out and "audit chain" not in out
    assert default_language() == "en" and current_language() == "en"  # nothing leaks
    code, out, err = _run(capsys, "check", "--quick", "--data-dir", root, "--language", "es")
    assert code == 0 and "Todas las comprobaciones pasaron." in out  # also after the command
    code, out, _err = _run(capsys, "check", "--quick", "--data-dir", root)
    assert "ok    integrity: ok" in out and "All checks passed." in out


def test_errors_on_the_command_line_in_spanish(tmp_path, capsys):
    empty = str(tmp_path / "nothing-here")
    code, out, err = _run(capsys, "--language", "es", "check", "--data-dir", empty)
    assert code == 1 and out == ""
    assert err.startswith("peerhouse: error: No hay ninguna base de datos de PeerHouse en ")
    assert "Ejecute primero 'peerhouse init'." in err


def test_a_staff_member_signed_in_on_the_command_line_reads_their_language(
        house, capsys, monkeypatch, tmp_path):
    languages.set_staff_language(house.store, house.owner, house.manager.id, "es")
    target = tmp_path / "residents.csv"
    argv = ["export", "residents", str(target), "--user", "manny", "--password-stdin",
            "--data-dir", str(house.paths.root)]
    monkeypatch.setattr("sys.stdin", io.StringIO("manager-pass-123\n"))
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert out.startswith("Se exportaron 0 residentes a ") and "no está cifrado" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("manager-pass-123\n"))
    code, out, err = _run(capsys, *argv, "--language", "en")  # the option wins
    assert code == 0, err
    assert out.startswith("Exported 0 residents to ")
    assert default_language() == "en"
