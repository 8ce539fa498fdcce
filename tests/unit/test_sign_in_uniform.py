"""Signing in with an unknown or deactivated username does exactly the work of a known one
with a wrong password — one Argon2 verification against a hash with the same parameters,
the same transactions and audit events — and says exactly the same, so neither the
message nor the time tells which usernames exist. (No timings are measured: the work is
counted.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher, extract_parameters

from peerhouse.errors import AuthenticationFailed
from peerhouse.services import accounts
from peerhouse.services import secrets_policy as policy
from peerhouse.store.engine import Store


class CountingHasher(PasswordHasher):
    """The real hasher (cheap test parameters), noting each hash it verifies against."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        self.verified.append(hash if isinstance(hash, str) else hash.decode())
        return super().verify(hash, password)


def _attempt(house, monkeypatch, username: str) -> tuple[type, str, list[str], int, list[str]]:
    """Sign in once with a wrong password: (error type, message, hashes verified, write
    transactions, audit actions added)."""
    hasher = CountingHasher()
    monkeypatch.setattr(policy, "HASHER", hasher)
    writes = 0
    real_write: Callable = Store.write

    def counting(self):
        nonlocal writes
        writes += 1
        return real_write(self)

    monkeypatch.setattr(Store, "write", counting)
    before = _actions(house)
    with pytest.raises(AuthenticationFailed) as caught:
        accounts.login(house.store, username, "not-the-password-1")
    monkeypatch.setattr(Store, "write", real_write)
    added = _actions(house)[len(before):]
    return type(caught.value), str(caught.value), hasher.verified, writes, added


def _actions(house) -> list[str]:
    with house.store.read() as s:
        rows = s.connection().exec_driver_sql("SELECT action FROM auditevent ORDER BY seq")
        return [r[0] for r in rows]


def test_unknown_deactivated_and_wrong_password_look_the_same(house, monkeypatch):
    accounts.set_account_state(house.store, house.owner, house.staff.id, active=False)
    accounts.login(house.store, "manny", "manager-pass-123")  # warm: nothing left to cache
    known = _attempt(house, monkeypatch, "manny")
    unknown = _attempt(house, monkeypatch, "nobody-here")
    deactivated = _attempt(house, monkeypatch, "sam")
    for other in (unknown, deactivated):
        assert other[:2] == known[:2]  # the same error, word for word
        assert len(other[2]) == len(known[2]) == 1  # one verification each
        assert extract_parameters(other[2][0]) == extract_parameters(known[2][0])
        assert other[3] == known[3]  # as many transactions
        assert other[4] == known[4] == ["login.attempt", "login.failed"]
    assert known[1] == "Wrong username or password."


def test_the_stand_in_hash_follows_the_hasher_and_matches_no_password(monkeypatch):
    strong = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(policy, "HASHER", strong)
    stand_in = policy.stand_in_hash()
    assert stand_in == policy.stand_in_hash()  # made once per set of parameters
    assert extract_parameters(stand_in) == extract_parameters(strong.hash("x"))
    for guess in ("", "password", "not-the-password-1"):
        assert not policy.verify_secret(stand_in, guess)
