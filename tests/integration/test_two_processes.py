"""A kiosk process and a manager process writing to one encrypted file at the same time
lose nothing: every write each reports is there afterwards and the audit chain holds."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sqlmodel import func, select

from peerhouse.models import AuditEvent, CheckIn, OutsideMeeting, Resident
from peerhouse.store.checks import run_checks

KIOSK = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from peerhouse.paths import DataPaths
    from peerhouse.services import checkins, outside_meetings
    from peerhouse.services.actor import Actor
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    house_id, ids = int(sys.argv[1]), [int(x) for x in sys.argv[2].split(",")]
    for n in range(40):
        rid = ids[n % len(ids)]
        me = Actor.resident(rid, house_id)
        checkins.submit_checkin(store, me, rid, mood=1 + n % 5, craving=n % 11, note="")
        outside_meetings.log(store, me, rid, date.today() - timedelta(days=1 + n % 10), "AA")
        print("ok", n, flush=True)
    store.close()
    """
)

MANAGER = textwrap.dedent(
    """
    import sys
    from peerhouse.paths import DataPaths
    from peerhouse.services import residents
    from peerhouse.services.accounts import login
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    house_id = int(sys.argv[1])
    me = login(store, "manny", "manager-pass-123")
    for n in range(40):
        residents.admit(store, me, residents.ResidentInput(
            first_name=f"Applicant{n}", last_name="Two", house_id=house_id, status="applicant"))
        print("ok", n, flush=True)
    store.close()
    """
)


def test_kiosk_and_manager_processes_write_at_once(house):
    ids = [house.admit(f"Res{i}", "Kiosk").id for i in range(4)]
    args = [str(house.house_id)]
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, *args, ",".join(map(str, ids))],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    manager = subprocess.Popen([sys.executable, "-c", MANAGER, *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    k_out, k_err = kiosk.communicate(timeout=300)
    m_out, m_err = manager.communicate(timeout=300)
    assert kiosk.returncode == 0, k_err
    assert manager.returncode == 0, m_err
    assert k_out.count("ok") == 40 and m_out.count("ok") == 40
    with house.store.read() as s:
        applicants = s.exec(select(func.count()).select_from(Resident)
                            .where(Resident.status == "applicant")).one()
        today = s.exec(select(func.count()).select_from(CheckIn)).one()
        outside = s.exec(select(func.count()).select_from(OutsideMeeting)).one()
        acts = list(s.exec(select(AuditEvent.action)))
    assert applicants == 40
    assert today == len(ids)  # one check-in per resident per day; later ones updated it
    assert outside == 40
    assert acts.count("resident.admit") == 44
    assert sum(a.startswith("checkin.") for a in acts) == 40
    report = run_checks(house.store)
    assert report.ok, report.lines
