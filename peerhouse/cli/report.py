"""`peerhouse report`: the weekly house board or manager summary, a resident progress report.

Each report is made by the same pipeline as in the windows (app/reports.py): read through
its service (which checks the role and writes the audit event in the same transaction as
the read), built in memory, and written atomically to the file named with --out. Nothing
goes through the temp folder.

`--language en|es` (and `both` for the house board) picks the paper's language; without it
the paper is in its reader's: the house's for the board (both languages when the house is
bilingual), the resident's for a progress report, the signed-in staff member's for the
manager summary. The lines printed about it are in the command line's language.
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
from peerhouse.i18n import LANGUAGES, _, lazy
from peerhouse.paths import DataPaths
from peerhouse.services.report_weeks import DEFAULTS

KEEP_SAFE = lazy("It is confidential (42 CFR part 2): keep it locked away, and delete the "
                 "file once it is printed or sent.")
BOTH = "both"  # reports.paper_language.BOTH (not imported here: the CLI starts lean)
LANGUAGE_HELP = "the paper's language: en (English), es (Spanish){both} (default: {whose})"


def _language(args: argparse.Namespace, *, house_paper: bool) -> str | None:
    """The paper's language asked for with --language (None: its reader's)."""
    code = getattr(args, "language", None)
    if code == BOTH and not house_paper:
        raise ValidationError("language", lazy(
            "Only the house board can be printed in both languages; use --language en or es."))
    return code


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
        raise ValidationError("pdf password", lazy(
            "The house board is public; only confidential reports take a PDF password."))
    language = _language(args, house_paper=args.kind == "board")
    with staff_session(paths, args.user, owner_unlocks=True) as (store, actor):
        password = _pdf_password(args)
        house = pick_house(store, actor, args.house)
        assert house.id is not None
        week = _week(args.week, clock.local_day(clock.now(), house.timezone), args.kind)
        pipe = reports.WEEKLY_BOARD if args.kind == "board" else reports.WEEKLY_MANAGER
        summary, data = reports.render(pipe, store, actor, house.id, week, password=password,
                                       language=language)
    save_pdf(target, data)
    from peerhouse.clock_text import week_span  # Babel's dates: only when a report is made

    label = f"{clock.iso_week_label(week)} ({week_span(week, year=True)})"
    wrote = (_("Wrote the house board of {house} for {week} to {file}.") if args.kind == "board"
             else _("Wrote the weekly manager summary of {house} for {week} to {file}."))
    say(wrote.format(house=house.name, week=label, file=target))
    if args.kind == "manager":
        say(_("Audit chain head printed on it: {head} ('peerhouse check --head' with it shows "
              "the log still holds it). {keep_safe}").format(
            head=f"{summary.audit_seq}:{summary.audit_hash}", keep_safe=KEEP_SAFE))
    return EXIT_OK


def cmd_report_resident(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.app import reports
    from peerhouse.reports.common import save_pdf
    from peerhouse.services.consent import part_words

    target = check_writable_target(args.out, "out")
    language = _language(args, house_paper=False)
    parts = args.include.split(",") if args.include else None
    with staff_session(paths, args.user, owner_unlocks=True) as (store, actor):
        password = _pdf_password(args)
        progress, data = reports.render(reports.RESIDENT_PROGRESS, store, actor, args.resident,
                                        args.recipient, args.first, args.last, parts,
                                        password=password, language=language)
    save_pdf(target, data)
    say(_("Wrote the progress report of resident {resident} for consent {consent} ({first} to "
          "{last}; {parts}) to {file}; the disclosure is recorded as audit event {event}. "
          "{keep_safe}").format(
        resident=args.resident, consent=args.recipient, first=progress.first.isoformat(),
        last=progress.last.isoformat(), parts=part_words(progress.sections), file=target,
        event=progress.audit_seq, keep_safe=KEEP_SAFE))
    return EXIT_OK


def _add_language(parser: argparse.ArgumentParser, common: argparse.ArgumentParser, *,
                  house_paper: bool, whose: str) -> None:
    """--language for the paper, unless the command line already has one for everything
    (then that one picks the paper's language too)."""
    if any("--language" in a.option_strings for a in (*common._actions, *parser._actions)):
        return
    choices = (*LANGUAGES, BOTH) if house_paper else LANGUAGES
    parser.add_argument("--language", choices=choices, default=None,
                        help=LANGUAGE_HELP.format(
                            both=", both (English and Spanish on one sheet)" if house_paper
                            else "", whose=whose))


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
    _add_language(w, common, house_paper=True,
                  whose="the board in the house's language, both if the house is set to "
                        "bilingual; the manager summary in your own (the --user's) language")
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
    _add_language(r, common, house_paper=False, whose="the resident's language")
    _identity(r, confidential=True)
