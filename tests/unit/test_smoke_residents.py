from peerhouse.services import residents


def test_admit_and_read(house):
    r = house.admit(notes="private note")
    assert r.id and r.pin_hash is None
    assert residents.get(house.store, house.manager, r.id).notes == "private note"
    assert residents.get(house.store, house.staff, r.id).notes == ""
