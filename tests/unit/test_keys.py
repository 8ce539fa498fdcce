"""Key slots, recovery codes and the keyring slot."""

from __future__ import annotations

import json
import os

import keyring
import pytest

from peerhouse.errors import (
    AlreadyExists,
    AuthenticationFailed,
    DatabaseDamaged,
    KeyUnavailable,
    PermissionDenied,
    ValidationError,
    WrongKey,
)
from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault
from peerhouse.store.keyfile import SLOT_OWNER, SLOT_RECOVERY, KeyFile, new_database_key
from peerhouse.store.recovery_code import new_recovery_code, normalise_code
from tests.conftest import OWNER_PASSWORD


def test_recovery_code_shape_and_normalising():
    code = new_recovery_code()
    assert len(code) == 29 and code.count("-") == 5
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_code(typed) == code
    assert normalise_code("too short") == ""


def test_slots_unwrap_same_key_and_refuse_wrong_secrets():
    key, code = new_database_key(), new_recovery_code()
    kf = KeyFile.create(key, code, "owner-password-1")
    assert kf.unwrap(SLOT_RECOVERY, code) == key
    assert kf.unwrap(SLOT_OWNER, "owner-password-1") == key
    with pytest.raises(WrongKey, match="owner password"):
        kf.unwrap(SLOT_OWNER, "owner-password-2")
    with pytest.raises(WrongKey, match="recovery code"):
        kf.unwrap(SLOT_RECOVERY, new_recovery_code())
    assert kf.matches(key) and not kf.matches(new_database_key())


def test_owner_password_change_rewraps_the_key_slot(house):
    from peerhouse.services import accounts

    key = vault.key_from_secret(house.paths, password=OWNER_PASSWORD)
    olivia = house.owner.id
    accounts.change_password(house.store, house.owner, olivia, OWNER_PASSWORD, "a-new-owner-password")
    with pytest.raises(WrongKey):
        vault.key_from_secret(house.paths, password=OWNER_PASSWORD)
    assert vault.key_from_secret(house.paths, password="a-new-owner-password") == key
    assert vault.key_from_secret(house.paths, recovery_code=house.recovery_code) == key
    # A manager changing their own password does not touch the owner slot.
    accounts.change_password(house.store, house.manager, house.manager.id, "manager-pass-123",
                             "manager-pass-456")
    assert vault.key_from_secret(house.paths, password="a-new-owner-password") == key


def test_slot_holder_cannot_be_demoted_until_another_owner_takes_over(house):
    from peerhouse.services import accounts

    accounts.create_account(house.store, house.owner, "otto", "Otto", "owner", "harbor-lights-77")
    with pytest.raises(ValidationError, match="take over the key slot"):
        accounts.set_account_state(house.store, house.owner, house.owner.id, role="manager")
    otto = accounts.login(house.store, "otto", "harbor-lights-77")
    with pytest.raises(AuthenticationFailed):
        accounts.take_over_key_slot(house.store, otto, "wrong-password-9")
    accounts.take_over_key_slot(house.store, otto, "harbor-lights-77")
    key = vault.key_from_secret(house.paths, password="harbor-lights-77")
    with pytest.raises(WrongKey):
        vault.key_from_secret(house.paths, password=OWNER_PASSWORD)
    accounts.set_account_state(house.store, otto, house.owner.id, role="manager")
    assert key == vault.key_from_keyring(house.paths)
    with pytest.raises(PermissionDenied):
        accounts.take_over_key_slot(house.store, house.manager, "manager-pass-123")


def test_one_flipped_bit_in_key_file_is_damage_not_wrong_password(tmp_path):
    paths = DataPaths(tmp_path / "d")
    vault.create_database(paths, OWNER_PASSWORD).store.close()
    data = json.loads(paths.keyfile.read_text())
    wrapped = bytearray(data["slots"]["owner_password"]["wrapped"].encode())
    wrapped[3] = ord("A") if wrapped[3] != ord("A") else ord("B")
    data["slots"]["owner_password"]["wrapped"] = wrapped.decode()
    paths.keyfile.write_text(json.dumps(data))
    with pytest.raises(DatabaseDamaged, match="damaged"):
        vault.key_from_secret(paths, password=OWNER_PASSWORD)
    paths.keyfile.write_text("[]")
    with pytest.raises(DatabaseDamaged):
        vault.key_from_secret(paths, password=OWNER_PASSWORD)


def test_slot_swapped_between_setups_is_refused(tmp_path):
    # The slot's AAD binds it to its set-up id: copying a slot into another key file fails.
    a = KeyFile.create(new_database_key(), new_recovery_code(), "password-aaaa")
    b = KeyFile.create(new_database_key(), new_recovery_code(), "password-aaaa")
    b.slots[SLOT_OWNER] = a.slots[SLOT_OWNER]
    with pytest.raises(WrongKey):
        b.unwrap(SLOT_OWNER, "password-aaaa")


def test_damaged_key_file_is_reported_as_damage(tmp_path):
    paths = DataPaths(tmp_path / "d")
    vault.create_database(paths, OWNER_PASSWORD).store.close()
    paths.keyfile.write_text("{not json")
    with pytest.raises(DatabaseDamaged, match="key file"):
        vault.key_from_secret(paths, password=OWNER_PASSWORD)
    data = {"format": 1, "setup_id": "x", "created": "", "key_check": "0", "slots": {}}
    paths.keyfile.write_text(json.dumps(data))
    with pytest.raises(DatabaseDamaged):
        vault.key_from_secret(paths, password=OWNER_PASSWORD)


def test_empty_or_truncated_database_is_damage_never_a_new_database(tmp_path):
    paths = DataPaths(tmp_path / "d")
    new = vault.create_database(paths, OWNER_PASSWORD)
    new.store.close()
    key = vault.key_from_keyring(paths)
    for extra in paths.wal_files():
        extra.unlink(missing_ok=True)
    paths.db.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="empty"):
        vault.open_store(paths, key)
    assert paths.db.read_bytes() == b""


def test_interrupted_setup_lock_is_reported(tmp_path):
    paths = DataPaths(tmp_path / "d")
    paths.root.mkdir()
    (paths.root / "peerhouse.setup-lock").touch()
    with pytest.raises(AlreadyExists, match="interrupted"):
        vault.create_database(paths, OWNER_PASSWORD)
    assert not paths.db.exists() and not paths.keyfile.exists()


def test_create_refuses_existing_data_dir(tmp_path):
    paths = DataPaths(tmp_path / "d")
    vault.create_database(paths, OWNER_PASSWORD).store.close()
    before = paths.db.read_bytes()
    with pytest.raises(AlreadyExists):
        vault.create_database(paths, OWNER_PASSWORD)
    assert paths.db.read_bytes() == before
    # Only the key file present (database lost): still refused, never recreated.
    paths.db.unlink()
    for extra in paths.wal_files():
        extra.unlink(missing_ok=True)
    with pytest.raises(AlreadyExists):
        vault.create_database(paths, OWNER_PASSWORD)


def test_keyring_missing_entry_other_key_and_no_backend(tmp_path):
    paths = DataPaths(tmp_path / "d")
    new = vault.create_database(paths, OWNER_PASSWORD)
    new.store.close()
    assert vault.key_from_keyring(paths)
    keyring_slot.forget_key(new.store.setup_id)
    with pytest.raises(KeyUnavailable, match="not stored"):
        vault.key_from_keyring(paths)
    keyring_slot.store_key(new.store.setup_id, new_database_key())
    with pytest.raises(WrongKey, match="different PeerHouse database"):
        vault.key_from_keyring(paths)
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyUnavailable, match="no secure keyring"):
        vault.key_from_keyring(paths)
    assert "not remembered" in str(keyring_slot.store_key(new.store.setup_id, new_database_key()))


def test_missing_database_or_key_file_gets_clear_message(tmp_path):
    paths = DataPaths(tmp_path / "empty")
    with pytest.raises(KeyUnavailable, match="peerhouse init"):
        vault.key_from_keyring(paths)
    vault.create_database(paths, OWNER_PASSWORD).store.close()
    paths.keyfile.unlink()
    with pytest.raises(KeyUnavailable, match="key file"):
        vault.key_from_keyring(paths)


def test_new_recovery_code_replaces_the_old_one(house):
    from peerhouse.services import security

    key = vault.key_from_keyring(house.paths)
    with pytest.raises(PermissionDenied):
        security.new_recovery_code(house.store, house.manager)
    code = security.new_recovery_code(house.store, house.owner)
    assert code != house.recovery_code
    assert vault.key_from_secret(house.paths, recovery_code=code) == key
    with pytest.raises(WrongKey):
        vault.key_from_secret(house.paths, recovery_code=house.recovery_code)
    assert vault.key_from_secret(house.paths, password=OWNER_PASSWORD) == key


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_data_folder_and_its_key_file_are_private(tmp_path):
    from peerhouse.services import backups as backup_service
    from peerhouse.services.accounts import create_account
    from peerhouse.services.actor import Actor

    paths = DataPaths(tmp_path / "fresh" / "data")
    new = vault.create_database(paths, "correct-horse-battery", "olivia")
    try:
        assert paths.root.stat().st_mode & 0o777 == 0o700
        assert paths.keyfile.stat().st_mode & 0o777 == 0o600
        create_account(new.store, Actor.system(), "olivia", "Olivia", "owner",
                       "correct-horse-battery")
        made = backup_service.back_up(new.store, Actor.system())
        assert made.entry.path.stat().st_mode & 0o777 == 0o600
    finally:
        new.store.close()
