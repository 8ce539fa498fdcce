"""The `peerhouse` command: set-up, maintenance and scripting.

Each command parses its arguments, calls the same store and service functions as
the windows do, and prints the outcome. Exit status 0 means success; a failure is
one line on stderr (`peerhouse: error: …`), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from peerhouse import __version__
from peerhouse.cli.backup import register as register_backup
from peerhouse.cli.report import add_report_commands
from peerhouse.cli.residents import cmd_export_residents, cmd_import_residents
from peerhouse.cli.support import (
    EXIT_FAILED,
    EXIT_OK,
    NEW_OWNER_PASSWORD,
    OWNER_PASSWORD,
    PASSWORD,
    PROG,
    RECOVERY_CODE,
    Parser,
    add_language_option,
    check_writable_target,
    command,
    key_for_maintenance,
    read_secret,
    run_command,
    say,
)
from peerhouse.errors import AlreadyExists, ChangesLost, DatabaseDamaged, PeerHouseError
from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.paths import DataPaths

if TYPE_CHECKING:
    from peerhouse.services.setup import Owner, SetupResult
    from peerhouse.store.engine import Store

# Commands import the store and services when they run, so that `peerhouse --help`
# and usage errors answer at once instead of after loading the whole program.

DESCRIPTION = "PeerHouse: encrypted, offline house management for sober living houses."
_SHEET = lazy("recovery sheet")


# --- set-up ---------------------------------------------------------------------------

def _owner_first(args: argparse.Namespace, paths: DataPaths) -> Owner:
    """Check the data dir, the owner's name and password before anything is created."""
    from peerhouse.services.setup import check_owner
    from peerhouse.store.vault import ALREADY_SET_UP

    if paths.exists():  # say so before asking for a password
        raise AlreadyExists(ALREADY_SET_UP.with_values(folder=paths.root))
    return check_owner(paths, args.owner, args.display_name or args.owner,
                       read_secret(OWNER_PASSWORD))


def _print_keys(new: SetupResult, owner: str) -> None:
    say(_("Owner account: {owner}").format(owner=owner))
    say(_("Recovery code: {code}").format(code=new.recovery_code))
    say(_("Write the recovery code down (or keep the recovery sheet) and put it in the safe: "
          "it is shown only this once."))
    if new.keyring_message:
        say(_("Note: {why} PeerHouse will ask for the owner password or the recovery code "
              "when it opens; 'peerhouse unlock' stores the key later.").format(
                  why=new.keyring_message))


def _write_sheet(target: Path | None, new: SetupResult, house_name: str, paper: str) -> None:
    if target is None:
        return
    from peerhouse.reports.recovery_sheet import build_recovery_sheet

    build_recovery_sheet(target, house_name=house_name, setup_id=new.store.setup_id,
                         recovery_code=new.recovery_code, paper=paper)
    say(_("Recovery sheet written to {file}. Print it, put it in the safe, then delete the "
          "file.").format(file=target))


def cmd_init(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services.houses import HouseRules, detect_timezone
    from peerhouse.services.setup import create_setup

    rules = HouseRules(name=args.house, capacity=args.beds,
                       timezone=args.timezone or detect_timezone()).validated()
    sheet = check_writable_target(args.recovery_sheet, _SHEET) if args.recovery_sheet else None
    owner = _owner_first(args, paths)
    new = create_setup(paths, owner, rules)
    new.store.close()
    say(ngettext("PeerHouse is set up in {folder} for {house} ({n} bed, {zone}).",
                 "PeerHouse is set up in {folder} for {house} ({n} beds, {zone}).",
                 rules.capacity).format(folder=paths.root, house=rules.name, n=rules.capacity,
                                        zone=rules.timezone))
    _print_keys(new, owner.username)
    _write_sheet(sheet, new, rules.name, rules.paper_size)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.demo.generate import MAX_SCALE
    from peerhouse.demo.setup import create_demo_setup
    from peerhouse.services import validate
    from peerhouse.services.clock import zone
    from peerhouse.services.houses import detect_timezone

    timezone = args.timezone or detect_timezone()
    zone(timezone)
    validate.int_range("scale", args.scale, 1, MAX_SCALE, label=lazy("Scale"))
    sheet = check_writable_target(args.recovery_sheet, _SHEET) if args.recovery_sheet else None
    owner = _owner_first(args, paths)
    new = create_demo_setup(paths, owner, seed=args.seed, scale=args.scale, years=args.years,
                            timezone=timezone)
    new.store.close()
    summary = new.summary
    n = len(new.house_names)
    years = ngettext("{years} year", "{years} years", 1 if args.years == 1 else 2).format(
        years=f"{args.years:g}")
    houses = ngettext("{n} house", "{n} houses", n).format(n=n)
    say(_("Demo data created in {folder}: {houses}, {residents} residents ({current} living "
          "there now), {years} of history, {records} records in {seconds} s. Everyone in it "
          "is invented.").format(
        folder=paths.root, houses=houses, residents=summary.residents,
        current=summary.current_residents, years=years, records=sum(summary.rows.values()),
        seconds=f"{summary.seconds:.1f}"))
    _print_keys(new, owner.username)
    _write_sheet(sheet, new, _("Demo houses"), "letter")
    return EXIT_OK


# --- keys and checks ------------------------------------------------------------------

def cmd_unlock(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.store import vault

    key = key_for_maintenance(paths, args)
    problem = vault.remember_key(paths, key)
    if problem:
        raise PeerHouseError(lazy("{problem} PeerHouse will keep asking for the owner "
                                  "password or the recovery code.", problem=problem))
    say(_("Unlocked: the database key is stored in this computer's keyring."))
    return EXIT_OK


def cmd_recover_owner(args: argparse.Namespace, paths: DataPaths) -> int:
    """A forgotten or locked owner password: the recovery code sets a new one."""
    from peerhouse.services.accounts import recover_owner
    from peerhouse.store import vault

    code = read_secret(RECOVERY_CODE)
    new_password = read_secret(NEW_OWNER_PASSWORD)
    store = vault.open_store(paths, vault.key_from_secret(paths, recovery_code=code))
    try:
        recover_owner(store, args.owner, code, new_password)
    finally:
        store.close()
    say(_("The owner account {owner} has a new password and is unlocked. Sign in with "
          "it.").format(owner=args.owner))
    return EXIT_OK


def _open_for_check(args: argparse.Namespace, paths: DataPaths, key: bytes) -> Store:
    """The records as they are; lost changes are damage unless --accept-loss keeps them."""
    from peerhouse.services.integrity import keep_records_as_they_are
    from peerhouse.store import vault

    try:
        return vault.open_store(paths, key, run_migrations=False)
    except ChangesLost as exc:
        if not args.accept_loss:
            raise ChangesLost(lazy("{why} To keep them as they are, run 'peerhouse check "
                                   "--accept-loss'.", why=exc), exc.count) from None
    store = keep_records_as_they_are(paths, key, "command line")
    say(_("Kept the records as they are: the lost changes cannot come back, and this "
          "decision is in the audit log."))
    return store


def cmd_check(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services.integrity import backup_heads
    from peerhouse.store.anchors import parse_head
    from peerhouse.store.checks import run_checks

    heads = [parse_head(text) for text in args.head or ()]  # a typo is refused before opening
    key = key_for_maintenance(paths, args)  # no key, no opening: the file is not touched
    store = _open_for_check(args, paths, key)
    try:
        report = run_checks(store, quick=args.quick, heads=heads,
                            backups=None if args.quick else backup_heads(store))
    except MemoryError:
        # SQLCipher reports a page that fails its MAC check as "out of memory".
        raise DatabaseDamaged(lazy(
            "The database file is damaged: part of it could not be decrypted. Restore the "
            "newest good backup; the damaged file has been left as it is.")) from None
    finally:
        store.close()
    lines = report.shown()
    # Translators: the mark before each line of `peerhouse check` (a short word; the
    # lines are padded to the longer of the two).
    marks = {True: pgettext("check", "ok"), False: pgettext("check", "FAIL")}
    width = max(5, *(len(m) + 1 for m in marks.values()))
    for name, passed, detail in lines:
        say(f"{marks[passed]:<{width}} {name}: {detail}")
    failed = sum(1 for _name, passed, _detail in lines if not passed)
    if failed:
        say(ngettext("{failed} of {n} check failed. Restore the newest good backup, or ask for "
                     "help before changing anything.",
                     "{failed} of {n} checks failed. Restore the newest good backup, or ask for "
                     "help before changing anything.", len(lines)).format(
            failed=failed, n=len(lines)))
        return EXIT_FAILED
    say(_("All checks passed."))
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------

def _common() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="the PeerHouse data folder (default: PEERHOUSE_DATA_DIR or the "
                             "per-user data folder)")
    add_language_option(common, default=argparse.SUPPRESS)
    return common


def _secret_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--password-stdin", action="store_true",
                       help="read the owner password from standard input")
    group.add_argument("--recovery-code-stdin", action="store_true",
                       help="read the recovery code from standard input")


def _setup_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", required=True, metavar="USER", help="the owner's username")
    parser.add_argument("--password-stdin", action="store_true", required=True,
                        help="read the owner's new password from standard input")
    parser.add_argument("--display-name", metavar="TEXT", help="the owner's name as shown")
    parser.add_argument("--timezone", metavar="TZ", help="IANA time zone (default: this PC's)")
    parser.add_argument("--recovery-sheet", metavar="FILE.pdf", type=Path,
                        help="also write the recovery sheet PDF to print")


def _staff_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.csv")
    parser.add_argument("--user", required=True, metavar="NAME", help="your staff username")
    parser.add_argument("--password-stdin", action="store_true", required=True,
                        help="read your password from standard input")
    parser.add_argument("--house", metavar="NAME", help="the house (needed if there are several)")


def _csv_columns_help() -> str:
    from peerhouse.services.residents_csv_columns import columns_help

    return "The CSV file: " + columns_help()


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = Parser(prog=PROG, description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", default=None, help=argparse.SUPPRESS)
    add_language_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", parents=[common], help="the manager window (default)")
    kiosk = sub.add_parser("kiosk", parents=[common],
                           help="the resident kiosk (full screen, for a touch screen)")
    for window in (gui, kiosk):  # the built program's self-check (`make dist-check`)
        window.add_argument("--smoke-screenshot", metavar="FILE.png", help=argparse.SUPPRESS)
    gui.add_argument("--smoke-sign-in", metavar="USER", default="", help=argparse.SUPPRESS)

    p = command(sub, "init", cmd_init, common, help="set up a new, empty PeerHouse")
    p.add_argument("--house", required=True, metavar="NAME", help="the first house's name")
    p.add_argument("--beds", type=int, default=8, metavar="N", help="beds in the house (8)")
    _setup_options(p)

    p = command(sub, "demo", cmd_demo, common,
                help="set up a new PeerHouse filled with invented residents")
    _setup_options(p)
    p.add_argument("--seed", type=int, default=1, metavar="N", help="same seed, same data (1)")
    p.add_argument("--scale", type=int, default=1, metavar="N",
                   help="number of 16-bed houses, each with 3 years of history (1)")
    p.add_argument("--years", type=float, default=3.0, help=argparse.SUPPRESS)

    p = command(sub, "unlock", cmd_unlock, common,
                help="put the database key back in this computer's keyring")
    _secret_options(p, required=True)

    p = command(sub, "recover-owner", cmd_recover_owner, common,
                help="set a new owner password with the recovery code (forgotten or "
                     "locked out)")
    p.add_argument("--owner", required=True, metavar="USER", help="the owner's username")
    p.add_argument("--recovery-code-stdin", action="store_true", required=True,
                   help="read the recovery code, then the new password, from standard input")

    p = command(sub, "check", cmd_check, common,
                help="check integrity, encryption, the audit chain and the records "
                     "against it")
    _secret_options(p, required=False)
    p.add_argument("--quick", action="store_true",
                   help="a faster, shallower check (no page MACs, row seals or backup heads)")
    p.add_argument("--head", action="append", metavar="SEQ:HASH",
                   help="a chain head printed on a weekly manager summary: the audit chain "
                        "must still hold that event with that hash (may be given more than once)")
    p.add_argument("--accept-loss", action="store_true",
                   help="records that lost their last changes: keep them as they are instead "
                        "of restoring a backup (recorded in the audit log)")
    register_backup(sub, common, _secret_options)

    for verb, handler, text in (("import", cmd_import_residents, "add residents from a CSV file"),
                                ("export", cmd_export_residents, "write residents to a CSV file")):
        columns = _csv_columns_help() if verb == "import" else None
        p = sub.add_parser(verb, parents=[common], help=text, epilog=columns)
        what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
        r = command(what, "residents", handler, common, help=text, epilog=columns)
        _staff_options(r)
        if verb == "export":
            r.add_argument("--status", default="active",
                           choices=("active", "applicant", "discharged", "all"),
                           help="which residents (active)")
        else:
            r.add_argument("--allow-duplicates", action="store_true",
                           help="import residents who may already be in the house or are "
                                "twice in the file (same name and date of birth or move-in "
                                "date); without it, they are listed and nothing is imported")
    add_report_commands(sub, common)
    return parser


def _arm_smoke(args: argparse.Namespace) -> None:
    """The hidden self-check: picture the first window, then quit (ui/devtools/smoke.py)."""
    from peerhouse.ui.devtools.smoke import arm

    user = getattr(args, "smoke_sign_in", "")
    arm(args.smoke_screenshot, sign_in=user, password=read_secret(PASSWORD) if user else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if getattr(args, "smoke_screenshot", None):
        _arm_smoke(args)
    if args.command == "kiosk":
        from peerhouse.ui.kiosk.app import main as kiosk_main

        return kiosk_main(DataPaths.resolve(args.data_dir))
    if handler is None:  # no command, or `gui`: the manager window
        from peerhouse.ui.start import main as gui_main

        return gui_main(DataPaths.resolve(args.data_dir))
    command = " ".join(x for x in (args.command, getattr(args, "what", None)) if x)
    return run_command(handler, args, command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
