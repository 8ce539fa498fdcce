"""Hashing and policy for staff passwords and resident PINs (Argon2id).

The hashers are module-level so tests can swap in cheap parameters.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.services.validate import refuse

HASHER = PasswordHasher()
MIN_PASSWORD = 10
# The fields' names in a refusal that reaches someone without a form (the command line);
# a form puts its own label there.
_PASSWORD = lazy("Password")

COMMON_PASSWORDS = frozenset(
    ["password", "password1", "password12", "password123", "password1234", "passw0rd123", "1234567890", "0123456789", "12345678910", "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t", "1qaz2wsx3edc", "iloveyou12", "letmein123", "welcome123", "welcome1234", "administrator", "admin12345", "changeme123", "sunshine12", "football12", "baseball12", "princess12", "dragon1234", "monkey1234", "abc1234567", "abcdefghij", "aaaaaaaaaa", "1111111111", "0000000000", "trustno1234", "superman12", "starwars12", "peerhouse1", "peerhouse123", "soberliving", "recovery123", "recovery1234"]
)

COMMON_PINS = frozenset(
    ["123456", "654321", "123123", "112233", "121212", "123321", "111222", "121314", "159753", "147258", "258369", "789456", "102030", "101010", "696969", "123654", "987654", "246810", "135790", "112358", "777888", "000111", "998877", "010203"]
)


def check_password_policy(password: str, *, username: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise refuse("password", _PASSWORD, lazy(
            "{field} must be at least {n} characters long."), n=MIN_PASSWORD)
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        raise refuse("password", _PASSWORD, lazy(
            "{field} is too common or too easy to guess; choose another."))
    if username and username.lower() in password.lower():
        raise refuse("password", _PASSWORD, lazy("{field} must not contain the username."))


def check_pin_policy(pin: str) -> None:
    if len(pin) != 6 or not pin.isdigit():
        raise ValidationError("PIN", lazy("That PIN must be exactly 6 digits."))
    digits = [int(c) for c in pin]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if pin in COMMON_PINS or len(set(pin)) == 1 or steps in ({1}, {-1}) or len(set(pin)) <= 2:
        raise ValidationError("PIN", lazy("That PIN is too easy to guess; choose 6 digits that "
                                          "are less common."))


def hash_secret(secret: str) -> str:
    return HASHER.hash(secret)


_stand_ins: dict[tuple[object, ...], str] = {}


def stand_in_hash() -> str:
    """A hash of a random secret nobody knows, made with the hasher's own parameters: a
    sign-in with an unknown username is verified against it, so it takes as long as a
    wrong password for a real account. Made once per set of parameters."""
    params = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism, HASHER.hash_len,
              HASHER.salt_len, HASHER.type)
    if params not in _stand_ins:
        _stand_ins[params] = HASHER.hash(secrets.token_urlsafe(24))
    return _stand_ins[params]


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        return False
    try:
        return HASHER.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
