"""The check's table of what each row must be (store/seal_check._Expected): digests kept
in a bytearray by row id, ids far out of range kept apart, so a forged seal naming a huge
id costs no memory; it answers like the dict it replaced."""

from __future__ import annotations

from peerhouse.store import seal_check
from peerhouse.store.seals import DIGEST_SIZE, TOMBSTONE


def _digest(n: int) -> bytes:
    return n.to_bytes(DIGEST_SIZE, "big")


def test_it_answers_like_a_dict_of_digests_by_id():
    want = seal_check._Expected()
    huge = 1 << 40
    want.put([3, 1, huge], _digest(3) + _digest(1) + _digest(huge))
    want.put([1], TOMBSTONE)  # a later event deleted row 1
    assert want.get(3) == _digest(3) and want.get(1) == TOMBSTONE
    assert want.get(huge) == _digest(huge) and want.get(2) is None and want.get(-5, b"x") == b"x"
    assert list(want.items()) == [(1, TOMBSTONE), (3, _digest(3)), (huge, _digest(huge))]
    assert want.pop(3) == _digest(3) and want.pop(3, b"gone") == b"gone"
    assert want.pop(huge) == _digest(huge) and want.get(huge) is None
    assert list(want.items()) == [(1, TOMBSTONE)]


def test_a_huge_id_is_kept_apart_not_allocated_for():
    want = seal_check._Expected()
    want.put([seal_check.DENSE_IDS + 7], _digest(9))
    assert len(want._set) == 0 and len(want._digests) == 0
    assert want.get(seal_check.DENSE_IDS + 7) == _digest(9)
