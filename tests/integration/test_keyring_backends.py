"""Which keyring PeerHouse keeps the database key in (store/keyring_slot.py).

With `keyrings.alt` installed and no Secret Service, `keyring` picks its PlaintextKeyring
by itself; PeerHouse must never use it unasked: `init` then behaves exactly as with no
keyring (says so once, asks for the owner password or recovery code afterwards) and no
file anywhere holds the key. Named by the operator, the same backend is used, with a
one-line warning. The command line runs here in a child process with the keyring
library's real backend selection (no test keyring), in a private home folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from peerhouse.errors import NoKeyring
from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
WARNING = ("Warning: the keyring named in the settings (PlaintextKeyring) keeps the database "
           "key in a plain file.")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A child environment where `keyring` chooses by itself: no test keyring, no D-Bus
    session (so no Secret Service), keyring's data and config folders in `tmp_path`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "PYTHONPATH")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
               PEERHOUSE_DATA_DIR=str(tmp_path / "data"))
    for key in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(key, env[key])
    return env


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], input=stdin, text=True, capture_output=True,
                          cwd=ROOT, env=env, timeout=120)


def plaintext_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "python_keyring" / "keyring_pass.cfg"


def test_a_plain_file_keyring_chosen_automatically_is_never_used(home, tmp_path):
    chosen = run(home, "-c", "import keyring; print(type(keyring.get_keyring()).__name__)")
    assert chosen.stdout.strip() == "PlaintextKeyring", chosen.stderr  # the premise
    init = run(home, "-m", "peerhouse", "init", "--house", "Maple House", "--owner", "olivia",
               "--password-stdin", stdin=PASSWORD + "\n")
    assert init.returncode == 0, init.stderr
    notes = [line for line in init.stdout.splitlines()
             if "keyring" in line.lower() and str(tmp_path) not in line]
    assert notes == ["Note: This computer has no secure keyring, so the key was not remembered. "
                     "PeerHouse will ask for the owner password or the recovery code when it "
                     "opens; 'peerhouse unlock' stores the key later."], init.stdout
    assert not plaintext_file(tmp_path).exists()
    key = vault.key_from_secret(DataPaths(tmp_path / "data"), password=PASSWORD).hex()
    for found in tmp_path.rglob("*"):  # the key is nowhere in plain (nor in a keyring's file)
        if found.is_file():
            text = found.read_bytes().decode("latin-1")
            assert key not in text and "[PeerHouse]" not in text, found
    check = run(home, "-m", "peerhouse", "check")
    assert check.returncode == 1
    assert "This computer has no secure keyring to keep the database key in. Unlock with the " \
           "owner password or the recovery code" in check.stderr
    unlock = run(home, "-m", "peerhouse", "unlock", "--password-stdin", stdin=PASSWORD + "\n")
    assert unlock.returncode == 1 and "no secure keyring" in unlock.stderr
    assert not plaintext_file(tmp_path).exists()
    opened = run(home, "-m", "peerhouse", "check", "--password-stdin", stdin=PASSWORD + "\n")
    assert opened.returncode == 0, opened.stderr
    assert "keyring" not in opened.stderr.lower()


@pytest.mark.parametrize("how", ["environment", "config file"])
def test_a_plain_file_keyring_the_operator_names_is_used_with_a_warning(home, tmp_path, how):
    if how == "environment":
        home["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    else:
        config = tmp_path / "xdg-config" / "python_keyring" / "keyringrc.cfg"
        config.parent.mkdir(parents=True)
        config.write_text("[backend]\ndefault-keyring=keyrings.alt.file.PlaintextKeyring\n")
    init = run(home, "-m", "peerhouse", "init", "--house", "Maple House", "--owner", "olivia",
               "--password-stdin", stdin=PASSWORD + "\n")
    assert init.returncode == 0, init.stderr
    assert "Note:" not in init.stdout
    assert init.stderr.splitlines() == [WARNING]
    assert "[PeerHouse]" in plaintext_file(tmp_path).read_text()  # where it was asked to go
    check = run(home, "-m", "peerhouse", "check")
    assert check.returncode == 0, check.stderr
    assert check.stderr.splitlines() == [WARNING]  # said once, however often it is read


def test_which_backends_are_used(monkeypatch, tmp_path):
    """In-process: a null or failing backend is never a store; a chain of backends chosen
    automatically is used only for the operating system's store in it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from keyring.backends import SecretService

    os_store = SecretService.Keyring()

    class Chain(chainer.ChainerBackend):
        backends = [PlaintextKeyring(), os_store]  # type: ignore[assignment]

    for backend, named, expected in (
        (PlaintextKeyring(), False, None),
        (null.Keyring(), False, None),
        (null.Keyring(), True, None),
        (fail.Keyring(), True, None),
        (Chain(), False, os_store),
        (os_store, False, os_store),
    ):
        keyring.set_keyring(backend)
        if named:
            monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{type(backend).__module__}.Keyring")
        else:
            monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
        assert keyring_slot.secure_backend() is expected, (backend, named)


def test_no_secure_keyring_at_open_asks_for_the_password_and_offers_no_remembering(
        qtbot, house, monkeypatch, tmp_path):
    """The window: the unlock dialog says plainly why, and does not offer to remember the
    key where it could only go into a plain file."""
    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.session.unlock import UnlockDialog

    house.store.close()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(NoKeyring):
        vault.key_from_keyring(house.paths)
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: isinstance(app.dialog, UnlockDialog), timeout=15000)
    dialog = app.dialog
    qtbot.addWidget(dialog)
    assert "This computer has no secure keyring" in dialog.why.text()
    assert not dialog.remember.isVisibleTo(dialog) and not dialog.remember.isChecked()
    dialog.secret.setText(PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: app.store is not None, timeout=20000)
    assert not plaintext_file(tmp_path).exists()
    assert not re.search("database-key", "".join(
        p.read_text(errors="replace") for p in tmp_path.rglob("*.cfg")))
    if app.dialog is not None:
        qtbot.addWidget(app.dialog)
        app.dialog.close()
    app.shutdown()
