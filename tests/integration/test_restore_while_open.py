"""A restore never swaps the files while another process (the kiosk, say) has them open.

Without this, the kiosk's later check-ins would go into the file that was set aside (on
Linux and macOS the open file moves with the rename) and be lost from the restored records.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from peerhouse.errors import DatabaseBusy
from peerhouse.services import backups
from peerhouse.store import open_lock, vault

HOLDER = textwrap.dedent(
    """
    import sys
    from peerhouse.paths import DataPaths
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    print("open", flush=True)
    sys.stdin.readline()  # until the parent says so
    store.close()
    print("closed", flush=True)
    """
)


def _digest(*files: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def test_restore_waits_for_a_kiosk_process_to_close_the_records(house):
    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    kiosk = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert kiosk.stdout is not None and kiosk.stdout.readline().strip() == "open"
        before = _digest(house.paths.db, house.paths.keyfile)
        with pytest.raises(DatabaseBusy, match="open somewhere else on this computer"):
            backups.restore(house.paths, house.owner, made, key)
        assert _digest(house.paths.db, house.paths.keyfile) == before
        assert not list(house.paths.root.glob("peerhouse.before-restore-*"))
        assert not house.paths.restore_journal.exists()
    finally:
        out, err = kiosk.communicate("\n", timeout=60)
    assert kiosk.returncode == 0, err
    done = backups.restore(house.paths, house.owner, made, key)  # now nobody holds it
    done.store.close()
    assert done.kept_db is not None


def test_nothing_opens_the_records_while_a_restore_holds_them(house):
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    with open_lock.exclusive(house.paths.root), \
            pytest.raises(DatabaseBusy, match="being restored"):
        vault.open_store(house.paths, key)
    vault.open_store(house.paths, key).close()  # afterwards it opens as usual


def test_many_stores_may_be_open_at_once_and_close_frees_the_lock(house):
    key = vault.key_from_keyring(house.paths)
    second = vault.open_store(house.paths, key)
    with pytest.raises(DatabaseBusy), open_lock.exclusive(house.paths.root):
        pass
    second.close()
    house.store.close()
    with open_lock.exclusive(house.paths.root):
        pass
