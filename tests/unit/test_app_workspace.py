"""The signed-in person's workspace: operations run as them, in their house."""

from __future__ import annotations

import pytest

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.app.workspace import Workspace
from peerhouse.errors import AccountInactive
from peerhouse.services import accounts, checkins, residents
from peerhouse.services.permissions import Perm


def test_operations_run_as_the_person_of_the_workspace(house):
    ws = Workspace(house.store, house.manager, house.house_id)
    data = residents.ResidentInput(first_name="Alex", last_name="Rivera",
                                   house_id=house.house_id)
    done = ws.write(WriteOp(residents.admit, data))
    assert done.changes.kinds == {RecordKind.RESIDENTS}
    assert [r.id for r in ws.read(ReadOp(residents.list_residents,
                                         house_id=house.house_id))] == [done.result.id]
    assert ws.can(Perm.SCREENS_READ)
    assert not Workspace(house.store, house.staff, house.house_id).can(Perm.SCREENS_READ)


def test_a_residents_workspace_is_their_own_house(house):
    res = house.admit()
    me = house.resident_actor(res)
    ws = Workspace(house.store, me)
    assert ws.house_id == house.house_id and ws.can(Perm.CHECKINS_MANAGE)
    with pytest.raises(ValueError):
        Workspace(house.store, me, house.house_id + 1)
    assert ws.write(WriteOp(checkins.submit_checkin, res.id, 4, 1)).changes.resident_ids == {
        res.id}


def test_refreshed_gives_the_account_as_it_is_now(house):
    ws = Workspace(house.store, house.manager, house.house_id)
    accounts.set_account_state(house.store, house.owner, house.manager.id, role="staff")
    assert ws.refreshed().actor.role == "staff" and ws.refreshed().house_id == house.house_id
    accounts.set_account_state(house.store, house.owner, house.manager.id, active=False)
    with pytest.raises(AccountInactive):
        ws.refreshed()
    assert ws.in_house(7).house_id == 7
