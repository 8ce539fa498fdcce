"""Text as it is compared when someone searches or filters: case and accents ignored, by
Unicode's rules, never the PC's language.

`str.lower()` is the wrong tool for matching: 'İlker'.lower() is 'i̇lker' (an i with a
combining dot), so typing 'ilker' does not find him, and 'STRASSE' never finds 'Straße'.
A Spanish speaker types 'Jose' or 'Munoz' on a US keyboard and expects 'José Muñoz'.
"""

from __future__ import annotations

import unicodedata

# Letters that are not a plain letter plus an accent, read as the plain letter(s).
PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h",
                               "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"})


def folded(text: str) -> str:
    """`text` for matching: Unicode's compatibility caseless form with the accents
    dropped ('José Muñoz' -> 'jose munoz', 'İlker' -> 'ilker', 'Straße' -> 'strasse')."""
    norm = unicodedata.normalize
    caseless = norm("NFKD", norm("NFKD", norm("NFD", text).casefold()).casefold())
    plain = "".join(c for c in caseless if not unicodedata.combining(c))
    return plain.translate(PLAIN_LETTERS)


def matches(words: str, text: str) -> bool:
    """Whether every word typed in `words` is somewhere in `text` (folded)."""
    haystack = folded(text)
    return all(word in haystack for word in folded(words).split())
