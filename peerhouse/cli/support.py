"""Helpers behind the command line: secrets from stdin, opening the store, errors.

Kept apart from `cli.py` so that the CLI itself reads as a list of commands. Nothing
here prints a traceback: expected failures become one line on stderr; unexpected
ones also leave a note (exception type and code locations only, never data) in the
data dir's log folder.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from peerhouse.errors import NotFound, PeerHouseError, ValidationError
from peerhouse.files import make_private_dir, open_private
from peerhouse.paths import DataPaths

if TYPE_CHECKING:
    from peerhouse.models.houses import House
    from peerhouse.services.actor import Actor
    from peerhouse.store.engine import Store

# The store and services are imported inside the functions that use them, so that
# `peerhouse --help` and usage errors answer at once.

PROG = "peerhouse"
EXIT_OK, EXIT_FAILED, EXIT_UNEXPECTED = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage block, no traceback)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
            handler: Callable[[argparse.Namespace, DataPaths], int],
            common: argparse.ArgumentParser, **kwargs: str) -> argparse.ArgumentParser:
    """One command of the command line and the function that carries it out, named
    together; its options are added to what this returns."""
    parser = sub.add_parser(name, parents=[common], **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def say(text: str = "") -> None:
    print(text, flush=True)


def read_secret(what: str) -> str:
    """One line from standard input without its line ending (no echo on a terminal)."""
    stream = sys.stdin
    if stream is None:
        raise PeerHouseError(f"No {what} was given: standard input is closed.")
    line = getpass.getpass(f"{what.capitalize()}: ") if stream.isatty() else stream.readline()
    value = line.rstrip("\r\n")
    if not value:
        raise PeerHouseError(f"No {what} was given on standard input.")
    return value


def key_for_maintenance(paths: DataPaths, args: argparse.Namespace) -> bytes:
    """The database key from the owner password or recovery code if asked, else the keyring."""
    from peerhouse.store import vault

    if getattr(args, "password_stdin", False):
        return vault.key_from_secret(paths, password=read_secret("owner password"))
    if getattr(args, "recovery_code_stdin", False):
        return vault.key_from_secret(paths, recovery_code=read_secret("recovery code"))
    return vault.key_from_keyring(paths)


@contextlib.contextmanager
def staff_session(paths: DataPaths, username: str, *, owner_unlocks: bool = False,
                  ) -> Iterator[tuple[Store, Actor]]:
    """Open with the keyring's key and log the staff member in (password from stdin).

    With `owner_unlocks`, where the keyring does not hold the key (a scheduled task on
    another account, a Linux box without a secret service) the owner's own password
    unwraps it instead; otherwise the keyring's reason is reported.
    """
    from peerhouse.errors import KeyUnavailable, WrongKey
    from peerhouse.services.accounts import login
    from peerhouse.store import vault

    password = read_secret("password")
    try:
        store = vault.open_from_keyring(paths)
    except KeyUnavailable as exc:
        if not owner_unlocks:
            raise
        try:
            key = vault.key_from_secret(paths, password=password)
        except WrongKey:
            raise exc from None  # not the owner: the keyring's reason is the useful one
        store = vault.open_store(paths, key)
    try:
        yield store, login(store, username, password)
    finally:
        store.close()


def pick_house(store: Store, actor: Actor, name: str | None) -> House:
    """The house named on the command line, or the only house there is."""
    from peerhouse.services import houses

    if name:
        return houses.house_by_name(store, actor, name)
    found = houses.list_houses(store, actor)
    if not found:
        raise NotFound("There is no house yet.")
    if len(found) > 1:
        names = ", ".join(f"'{h.name}'" for h in found)
        raise ValidationError("house", f"this set-up has {len(found)} houses; choose one with "
                                       f"--house NAME ({names}).")
    return found[0]


def existing_file(name: str) -> Path:
    """The file the command was given (`~` expanded); fails early when there is none."""
    path = Path(name).expanduser()
    if not path.is_file():
        raise PeerHouseError(f"The file {path} does not exist.")
    return path


def check_writable_target(path: Path, what: str) -> Path:
    """Fail early (before anything is created) if `path` cannot be written."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValidationError(what, f"{path} is a folder; give a file name.")
    if not path.parent.is_dir():
        raise ValidationError(what, f"the folder {path.parent} does not exist.")
    return path


def _log_unexpected(paths: DataPaths | None, command: str, exc: BaseException) -> Path | None:
    """Append the exception type and code locations (no message: it may hold data)."""
    if paths is None:
        return None
    try:
        make_private_dir(paths.logs)
        logfile = paths.logs / "peerhouse.log"
        frames = traceback.extract_tb(exc.__traceback__)
        lines = [f"{datetime.now(UTC).isoformat(timespec='seconds')} unexpected "
                 f"{type(exc).__module__}.{type(exc).__name__} in '{command}'"]
        lines += [f"    {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
        with open_private(logfile, "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        return logfile
    except OSError:
        return None


def run_command(handler: Callable[[argparse.Namespace, DataPaths], int],
                args: argparse.Namespace, command: str) -> int:
    """Run one command, turning every failure into one line on stderr and an exit status."""
    paths: DataPaths | None = None
    try:
        paths = DataPaths.resolve(getattr(args, "data_dir", None))
        if paths.restore_journal.exists():  # opening's first step: finish a restore cut short
            from peerhouse.app import records

            records.finish_restore(paths)
        return handler(args, paths)
    except PeerHouseError as exc:
        for problem in getattr(exc, "problems", ()):
            print(f"  {problem}", file=sys.stderr)
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        # A file the user named could not be read or written (permissions, full disk, …).
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{PROG}: error: {exc.strerror or type(exc).__name__}{where}.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        logfile = _log_unexpected(paths, command, exc)
        where = f" A note for support was written to {logfile}." if logfile else ""
        print(f"{PROG}: error: something unexpected went wrong ({type(exc).__name__}).{where}",
              file=sys.stderr)
        return EXIT_UNEXPECTED
