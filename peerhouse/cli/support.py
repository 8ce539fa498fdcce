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
from peerhouse.i18n import ENGLISH, LANGUAGES, Message, _, lazy, set_default_language
from peerhouse.i18n import default_language as _default_language
from peerhouse.paths import DataPaths

if TYPE_CHECKING:
    from peerhouse.models.houses import House
    from peerhouse.services.actor import Actor
    from peerhouse.store.engine import Store

# The store and services are imported inside the functions that use them, so that
# `peerhouse --help` and usage errors answer at once.

PROG = "peerhouse"
EXIT_OK, EXIT_FAILED, EXIT_UNEXPECTED = 0, 1, 2
# What the secrets read from standard input are called in prompts and messages.
OWNER_PASSWORD = lazy("owner password")
RECOVERY_CODE = lazy("recovery code")
NEW_OWNER_PASSWORD = lazy("new owner password")
PASSWORD = lazy("password")
# The language of this command's messages: `--language`, else (once a `--user` signs in)
# that staff member's, else English. None: not chosen on the command line.
_chosen: list[str | None] = [None]


def add_language_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    """`--language en|es`: the one option that chooses the language of what a command
    prints (`peerhouse --language es check`, or after the command). Its help stays English
    like the rest of `--help` (docs/i18n.md says why)."""
    parser.add_argument("--language", choices=LANGUAGES, default=default, metavar="LANG",
                        help="the language of the messages: en or es (default: the "
                             "signed-in staff member's with --user, else en)")


def use_chosen_language(code: str | None) -> None:
    """Speak `code` from now on (None: English until a staff member signs in)."""
    _chosen[0] = code
    set_default_language(code or ENGLISH)


def follow_staff_language(store: Store, actor: Actor) -> None:
    """With no `--language`, a command run by a staff member speaks their language."""
    if _chosen[0] is not None or actor.staff_id is None:
        return
    from peerhouse.services.languages import staff_language

    with store.read() as session:
        set_default_language(staff_language(session, actor.staff_id))


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage block, no traceback)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, _("{prog}: error: {message} (see '{command} --help')").format(
            prog=PROG, message=message, command=self.prog) + "\n")


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


def read_secret(what: str | Message) -> str:
    """One line from standard input without its line ending (no echo on a terminal).
    `what`: the secret's name as people read it (`OWNER_PASSWORD`, …)."""
    stream = sys.stdin
    if stream is None:
        raise PeerHouseError(lazy("No {what} was given: standard input is closed.", what=what))
    if stream.isatty():
        name = str(what)
        line = getpass.getpass(f"{name[:1].upper()}{name[1:]}: ")
    else:
        line = stream.readline()
    value = line.rstrip("\r\n")
    if not value:
        raise PeerHouseError(lazy("No {what} was given on standard input.", what=what))
    return value


def key_for_maintenance(paths: DataPaths, args: argparse.Namespace) -> bytes:
    """The database key from the owner password or recovery code if asked, else the keyring."""
    from peerhouse.store import vault

    if getattr(args, "password_stdin", False):
        return vault.key_from_secret(paths, password=read_secret(OWNER_PASSWORD))
    if getattr(args, "recovery_code_stdin", False):
        return vault.key_from_secret(paths, recovery_code=read_secret(RECOVERY_CODE))
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

    password = read_secret(PASSWORD)
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
        actor = login(store, username, password)
        follow_staff_language(store, actor)
        yield store, actor
    finally:
        store.close()


def pick_house(store: Store, actor: Actor, name: str | None) -> House:
    """The house named on the command line, or the only house there is."""
    from peerhouse.services import houses

    if name:
        return houses.house_by_name(store, actor, name)
    found = houses.list_houses(store, actor)
    if not found:
        raise NotFound(lazy("There is no house yet."))
    if len(found) > 1:
        names = ", ".join(f"'{h.name}'" for h in found)
        raise ValidationError("house", lazy(
            "This set-up has {n} houses; choose one with --house NAME ({names}).",
            n=len(found), names=names))
    return found[0]


def existing_file(name: str) -> Path:
    """The file the command was given (`~` expanded); fails early when there is none."""
    path = Path(name).expanduser()
    if not path.is_file():
        raise PeerHouseError(lazy("The file {path} does not exist.", path=path))
    return path


def check_writable_target(path: Path, what: str | Message) -> Path:
    """Fail early (before anything is created) if `path` cannot be written. `what`: how
    people call the file ('recovery sheet'), named in the refusal."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValidationError("file", lazy("{what}: {path} is a folder; give a file name.",
                                              what=what, path=path))
    if not path.parent.is_dir():
        raise ValidationError("file", lazy("{what}: the folder {folder} does not exist.",
                                              what=what, folder=path.parent))
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
    before = _default_language()
    use_chosen_language(getattr(args, "language", None))
    try:
        paths = DataPaths.resolve(getattr(args, "data_dir", None))
        if paths.restore_journal.exists():  # opening's first step: finish a restore cut short
            from peerhouse.app import records

            records.finish_restore(paths)
        return handler(args, paths)
    except PeerHouseError as exc:
        for problem in getattr(exc, "problems", ()):
            print(f"  {problem}", file=sys.stderr)
        _error(exc)
        return EXIT_FAILED
    except OSError as exc:
        # A file the user named could not be read or written (permissions, full disk, …).
        # The system's own words (strerror) stay as the system gives them.
        problem = exc.strerror or type(exc).__name__
        _error(_("{problem} ({file}).").format(problem=problem, file=exc.filename)
               if exc.filename else f"{problem}.")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error(_("interrupted."))
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        logfile = _log_unexpected(paths, command, exc)
        _error(_("something unexpected went wrong ({problem}). A note for support was written "
                 "to {file}.").format(problem=type(exc).__name__, file=logfile) if logfile else
               _("something unexpected went wrong ({problem}).").format(
                   problem=type(exc).__name__))
        return EXIT_UNEXPECTED
    finally:
        set_default_language(before)


def _error(message: object) -> None:
    """`peerhouse: error: …` on stderr, in the command's language."""
    print(_("{prog}: error: {message}").format(prog=PROG, message=message), file=sys.stderr)
