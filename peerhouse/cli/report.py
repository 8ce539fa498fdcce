"""`peerhouse report`: the weekly house board or manager summary, a resident progress report.

Each report is made by the same pipeline as in the windows (app/reports.py): read through
its service (which checks the role and writes the audit event in the same transaction as
the read), built in memory, and written atomically to the file named with --out. Nothing goes through the temp folder.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from peerhouse.cli.support import (
    EXIT_OK,
    check_writable_target,
    command,
    pick_house,
    read_secret,
    say,
    staff_session,
)
from peerhouse.errors import ValidationError
from peerhouse.paths import DataPaths
from peerhouse.services.report_weeks import DEFAULTS

KEEP_SAFE = ("It is confidential (42 CFR part 2): keep it locked away, and delete the file "
             "once it is printed or sent.")


def _pdf_password(args: argparse.Namespace) -> str | None:
    """The PDF's password: the line after the user's own password on standard input."""
    if not args.pdf_password_stdin:
        return None
    from peerhouse.reports.document import check_password

    return check_password(read_secret("PDF password"))


def _week(text: str | None, today: date, kind: str) -> date:
    from peerhouse.services import clock
    from peerhouse.services.report_weeks import default_week

    return clock.parse_iso_week(text) if text else default_week(kind, today)


def cmd_report_weekly(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.app import reports
    from peerhouse.reports.common import save_pdf
    from peerhouse.services import clock

    target = check_writable_target(args.out, "out")
    if args.kind == "board" and args.pdf_password_stdin:
        raise ValidationError("pdf password", "the house board is public; only confidential "
                                              "reports take a password.")
    with staff_session(paths, args.user, owner_unlocks=True) as (store, actor):
        password = _pdf_password(args)
        house = pick_house(store, actor, args.house)
        assert house.id is not None
        week = _week(args.week, clock.local_day(clock.now(), house.timezone), args.kind)
        pipe = reports.WEEKLY_BOARD if args.kind == "board" else reports.WEEKLY_MANAGER
        summary, data = reports.render(pipe, store, actor, house.id, week, password=password)
        what = "house board" if args.kind == "board" else "weekly manager summary"
    save_pdf(target, data)
    from peerhouse.clock_text import week_span  # Babel's dates: only when a report is made

    label = f"{clock.iso_week_label(week)} ({week_span(week, year=True)})"
    say(f"Wrote the {what} of {house.name} for {label} to {target}.")
    if args.kind == "manager":
        say(f"Audit chain head printed on it: {summary.audit_seq}:{summary.audit_hash} "
            "('peerhouse check --head' with it shows the log still holds it). " + KEEP_SAFE)
    return EXIT_OK


def cmd_report_resident(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.app import reports
    from peerhouse.reports.common import save_pdf
    from peerhouse.services.consent import part_words

    target = check_writable_target(args.out, "out")
    parts = args.include.split(",") if args.include else None
    with staff_session(paths, args.user, owner_unlocks=True) as (store, actor):
        password = _pdf_password(args)
        progress, data = reports.render(reports.RESIDENT_PROGRESS, store, actor, args.resident,
                                        args.recipient, args.first, args.last, parts,
                                        password=password)
    save_pdf(target, data)
    say(f"Wrote the progress report of resident {args.resident} for consent {args.recipient} "
        f"({progress.first.isoformat()} to {progress.last.isoformat()}; "
        f"{part_words(progress.sections)}) to {target}; the disclosure is recorded as audit "
        f"event {progress.audit_seq}. " + KEEP_SAFE)
    return EXIT_OK


def _identity(parser: argparse.ArgumentParser, *, confidential: bool) -> None:
    parser.add_argument("--out", required=True, metavar="FILE.pdf", type=Path,
                        help="the PDF file to write")
    parser.add_argument("--user", required=True, metavar="NAME", help="your staff username")
    parser.add_argument("--password-stdin", action="store_true", required=True,
                        help="read your password from standard input")
    parser.add_argument("--pdf-password-stdin", action="store_true",
                        help="protect the PDF with a password read from the next line of "
                             "standard input" + (" (confidential reports only)"
                                                 if not confidential else ""))


def add_report_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                        ) -> None:
    """Register `peerhouse report weekly` and `peerhouse report resident`."""
    p = sub.add_parser("report", parents=[common], help="write a weekly summary or a "
                                                        "resident progress report (PDF)")
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    w = command(what, "weekly", cmd_report_weekly, common,
                help="the house board (public) or the manager summary (confidential)")
    w.add_argument("--house", metavar="NAME", help="the house (needed if there are several)")
    w.add_argument("--week", metavar="YYYY-Www",
                   help=f"the ISO week, e.g. 2026-W07 (default: {DEFAULTS})")
    w.add_argument("--kind", required=True, choices=("board", "manager"),
                   help="board: for the notice board; manager: the confidential summary")
    _identity(w, confidential=False)

    r = command(what, "resident", cmd_report_resident, common,
                help="a resident's progress report for a recipient of their consent")
    r.add_argument("--resident", required=True, type=int, metavar="ID", help="the resident's id")
    r.add_argument("--recipient", required=True, type=int, metavar="CONSENT_ID",
                   help="the id of the resident's current consent naming the recipient")
    r.add_argument("--from", dest="first", required=True, metavar="DATE",
                   help="first day of the period (YYYY-MM-DD)")
    r.add_argument("--to", dest="last", required=True, metavar="DATE",
                   help="last day of the period (YYYY-MM-DD)")
    r.add_argument("--include", metavar="PARTS",
                   help="only these parts, comma-separated: attendance, checkins, chores, "
                        "screens, goals; each must be covered by the consent (default: "
                        "every part the consent covers)")
    _identity(r, confidential=True)
