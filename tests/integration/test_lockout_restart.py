"""Lockouts are stored in the encrypted file: they survive restarts and killed processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlmodel import select

from peerhouse.errors import AuthenticationFailed, LockedOut
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.services import accounts, pins
from tests.support.setup_write import setup_write

CHILD = textwrap.dedent(
    """
    import os, sys
    from peerhouse.paths import DataPaths
    from peerhouse.store import vault
    from peerhouse.services import accounts, pins
    from peerhouse.errors import PeerHouseError
    store = vault.open_from_keyring(DataPaths.resolve())
    kind, target, secret, die = sys.argv[1:5]
    if die == "die":
        # Simulate a crash (power cut, kill -9) in the middle of the hash check.
        pins.verify_secret = accounts.verify_secret = lambda *a: os._exit(9)
    try:
        if kind == "pin":
            pins.verify_pin(store, int(target), secret)
        else:
            accounts.login(store, target, secret)
    except PeerHouseError as exc:
        print(type(exc).__name__)
    """
)


def _child(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=60)


def test_pin_lockout_survives_restart(house):
    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    outs = [_child("pin", str(r.id), "999888", "no").stdout.strip() for _ in range(5)]
    assert outs == ["AuthenticationFailed"] * 4 + ["LockedOut"]
    # A new process with the right PIN is still locked out.
    assert _child("pin", str(r.id), "402917", "no").stdout.strip() == "LockedOut"
    with pytest.raises(LockedOut):
        pins.verify_pin(house.store, r.id, "402917")


def test_killed_pin_check_still_counts_the_try(house):
    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    for _ in range(3):
        assert _child("pin", str(r.id), "999888", "die").returncode == 9
    with house.store.read() as s:
        assert s.exec(select(Resident.pin_failed_attempts).where(Resident.id == r.id)).one() == 3
    with pytest.raises(AuthenticationFailed, match="1 more try"):
        pins.verify_pin(house.store, r.id, "999888")


def test_staff_lockout_survives_restart_and_kill(house):
    for _ in range(4):
        assert _child("staff", "sam", "wrong-password-x", "die").returncode == 9
    with setup_write(house.store) as s:
        acc = s.exec(select(StaffAccount).where(StaffAccount.username == "sam")).one()
        assert acc.failed_attempts == 4
        acc.failed_attempts = accounts.LOCK_AFTER - 1
    assert _child("staff", "sam", "wrong-password-x", "no").stdout.strip() == "LockedOut"
    assert _child("staff", "sam", "staff-pass-1234", "no").stdout.strip() == "LockedOut"
