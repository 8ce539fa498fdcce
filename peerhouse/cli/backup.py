"""`peerhouse backup` and `peerhouse restore`.

Both need only the key (this PC's keyring, or the owner password / recovery code on
standard input), so a scheduled task can run `backup`. A restore keeps whatever was in
the data folder aside under a dated name and stores the key in the keyring afterwards.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from peerhouse.cli.support import (
    EXIT_OK,
    OWNER_PASSWORD,
    RECOVERY_CODE,
    command,
    existing_file,
    key_for_maintenance,
    read_secret,
    say,
)
from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.paths import DataPaths


class _Printer:
    """Percentages on stderr when a person is watching (a terminal); silent in a scheduled task."""

    cancelled = False

    def __init__(self) -> None:
        self._shown = -1
        self._tty = sys.stderr.isatty()

    def __call__(self, percent: int, text: str = "") -> None:
        if self._tty and percent // 10 != self._shown:
            self._shown = percent // 10
            doing = text or _("Working")
            print(f"\r{doing}… {percent:3d}%", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self._tty and self._shown >= 0:
            print(file=sys.stderr)


def local_time(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_backup(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services import backups
    from peerhouse.services.actor import Actor
    from peerhouse.store import vault

    folder = Path(args.to).expanduser() if args.to else None
    if folder is not None and not folder.is_dir():
        raise PeerHouseError(lazy("The folder {folder} does not exist (is the drive plugged "
                                  "in?).", folder=folder))
    key = key_for_maintenance(paths, args)
    store = vault.open_store(paths, key)
    printer = _Printer()
    try:
        done = backups.back_up(store, Actor.system(), folder=folder,
                               kind="manual" if args.keep else "auto", reason="command line",
                               progress=printer)
    finally:
        printer.end()
        store.close()
    entry = done.entry
    say(_("Backup written and verified: {file} ({size}).").format(
        file=entry.path, size=backups.size_text(entry.size)))
    if done.pruned:
        n = len(done.pruned)
        say(ngettext("Removed {n} older automatic backup from that folder (kept: the newest of "
                     "each of the last 14 days, 8 weeks and 12 months).",
                     "Removed {n} older automatic backups from that folder (kept: the newest of "
                     "each of the last 14 days, 8 weeks and 12 months).", n).format(n=n))
    say(_("It opens with this computer's key, the owner password or the recovery code."))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services import backups
    from peerhouse.services.actor import Actor
    from peerhouse.store import restore

    file = existing_file(args.file)
    password = read_secret(OWNER_PASSWORD) if args.password_stdin else ""
    code = read_secret(RECOVERY_CODE) if args.recovery_code_stdin else ""
    key = restore.backup_key(paths, file, password=password, recovery_code=code)
    printer = _Printer()
    try:
        how = "recovery code" if code else "owner password"
        done = backups.restore(paths, Actor.system(), file, key, progress=printer,
                               reason=f"command line, {how}")
    finally:
        printer.end()
    done.store.close()
    say(_("Restored the backup made {made} into {folder}.").format(
        made=local_time(done.manifest.created), folder=paths.root))
    if done.kept_db is not None:
        say(_("The records that were there before are kept as {name} (and its key file beside "
              "it); nothing was deleted.").format(name=done.kept_db.name))
    if done.keyring_note:
        say(_("Note: {why} PeerHouse will ask for the owner password or the recovery code when "
              "it opens.").format(why=done.keyring_note))
    else:
        say(_("The key is stored in this computer's keyring."))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser,
             add_secrets: Callable[..., None]) -> None:
    """Add `backup` and `restore` to the command line."""
    p = command(sub, "backup", cmd_backup, common,
                help="write a verified, encrypted backup (database and key file)")
    p.add_argument("--to", metavar="DIR",
                   help="the folder to write to (default: the folder chosen in Settings, else "
                        "'backups' in the data folder)")
    p.add_argument("--keep", action="store_true",
                   help="a backup that is never deleted automatically (like 'Back up now')")
    add_secrets(p, required=False)

    p = command(sub, "restore", cmd_restore, common,
                help="verify a backup, keep the current records aside, restore it "
                     "(the owner password or the recovery code is needed)")
    p.add_argument("file", metavar="FILE", help="a .phbackup file")
    # Only the owner may restore, as in the app: this PC's keyring is not enough.
    add_secrets(p, required=True)
