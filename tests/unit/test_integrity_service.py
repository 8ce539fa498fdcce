"""The windows check the records through a service: the owner's (and the program's) only."""

from __future__ import annotations

import pytest

from peerhouse.errors import PermissionDenied
from peerhouse.services.actor import Actor
from peerhouse.services.integrity import check_records


def test_only_the_owner_and_the_program_itself_check_the_records(house):
    assert check_records(house.store, house.owner).ok
    assert [name for name, _ok, _d in check_records(house.store, Actor.system(),
                                                     quick=True).lines] == [
        "integrity", "audit chain"]
    for actor in (house.manager, house.staff):
        with pytest.raises(PermissionDenied):
            check_records(house.store, actor)
