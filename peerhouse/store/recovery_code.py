"""Recovery codes: 120 random bits, written in groups that can be read aloud.

Crockford base32 avoids letters that look alike (no I, L, O, U), and normalising
input forgives the usual slips (lower case, spaces, O for 0, I or L for 1).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 6
GROUP_LEN = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_recovery_code() -> str:
    """A fresh code such as `7K2M-Q9XD-…` (6 groups of 4)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return format_code(chars)


def format_code(chars: str) -> str:
    return "-".join(chars[i : i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def normalise_code(text: str) -> str:
    """The canonical form of what someone typed, or '' if it cannot be a code."""
    chars = "".join(c for c in text.upper() if c.isalnum()).translate(_CONFUSABLE)
    if len(chars) != GROUPS * GROUP_LEN or any(c not in ALPHABET for c in chars):
        return ""
    return format_code(chars)
