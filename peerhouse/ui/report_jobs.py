"""The reports the windows can make: read through the service, build in memory.

Each `*_report` function runs off the UI thread (through `run_task`): its service checks
the role and audits the read, the builder turns the read model into PDF bytes, and the
result keeps the read model so that saving with a password re-renders the same pages
without reading (or auditing) again. Nothing here touches the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from peerhouse.clock_text import short_day, week_of
from peerhouse.reports.meeting_papers import build_minutes, build_sign_in_sheet
from peerhouse.reports.resident_progress import build_resident_progress
from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services.actor import Actor
from peerhouse.services.meeting_papers import meeting_minutes, sign_in_sheet
from peerhouse.services.progress import resident_progress
from peerhouse.services.summaries import weekly_summary
from peerhouse.services.weekly_board import weekly_board_data
from peerhouse.store.engine import Store

# What each kind is called on screen: in the Kind list and at the head of its preview, so
# the header always says what Print… will produce.
KIND_NAMES = {
    "weekly_board": "House board (public)",
    "weekly_manager": "Weekly manager summary (confidential)",
    "resident": "Resident progress report (confidential)",
    "sign_in_sheet": "Sign-in sheet",
    "meeting_minutes": "Meeting minutes (confidential)",
}


def _title(kind: str, *parts: str) -> str:
    return " · ".join((KIND_NAMES[kind], *parts))


@dataclass(frozen=True)
class PreparedReport:
    """A report ready to preview, print or save; `pdf` has no password (memory only)."""

    kind: str  # report_output.KINDS
    title: str  # shown above the preview
    file_name: str  # suggested when saving; never a resident's name
    confidential: bool
    pdf: bytes
    entity: str
    entity_id: object
    rebuild: Callable[[str | None], bytes]  # the same pages, with a password

    def with_password(self, password: str | None) -> bytes:
        return self.rebuild(password) if password else self.pdf


def weekly_board_report(store: Store, actor: Actor, house_id: int, week: date) -> PreparedReport:
    board = weekly_board_data(store, actor, house_id, week)
    pdf = build_weekly_board(board)
    return PreparedReport("weekly_board", _title("weekly_board", board.house_name,
                                                 week_of(board.week_start, year=True)),
                          f"{board.house_name} house board {board.week}.pdf", False, pdf,
                          "house", house_id, lambda _password: pdf)


def weekly_manager_report(store: Store, actor: Actor, house_id: int,
                          week: date) -> PreparedReport:
    summary = weekly_summary(store, actor, house_id, week)
    return PreparedReport(
        "weekly_manager",
        _title("weekly_manager", summary.house_name, week_of(summary.week_start, year=True)),
        f"{summary.house_name} manager summary {summary.week}.pdf", True,
        build_weekly_manager(summary), "house", house_id,
        lambda password: build_weekly_manager(summary, password=password))


def resident_report(store: Store, actor: Actor, resident_id: int, consent_id: int, first: date,
                    last: date, sections: Iterable[str] | None = None) -> PreparedReport:
    progress = resident_progress(store, actor, resident_id, consent_id, first, last, sections)
    # The file name carries the record number, not the name: folder listings are seen.
    span = f"{first.isoformat()} to {last.isoformat()}"
    return PreparedReport(
        "resident", _title("resident", progress.full_name, f"for {progress.recipient}"),
        f"Progress report R{resident_id} {span}.pdf", True, build_resident_progress(progress),
        "resident", resident_id,
        lambda password: build_resident_progress(progress, password=password))


def sign_in_report(store: Store, actor: Actor, meeting_id: int) -> PreparedReport:
    paper = sign_in_sheet(store, actor, meeting_id)
    pdf = build_sign_in_sheet(paper)
    day = paper.starts_at.date()  # house-local already
    return PreparedReport("sign_in_sheet", _title("sign_in_sheet", paper.house_name,
                                                  short_day(day, year=True)),
                          f"{paper.house_name} sign-in sheet {day}.pdf", False, pdf,
                          "meeting", meeting_id, lambda _password: pdf)


def minutes_report(store: Store, actor: Actor, meeting_id: int) -> PreparedReport:
    paper = meeting_minutes(store, actor, meeting_id)
    day = paper.starts_at.date()
    return PreparedReport(
        "meeting_minutes", _title("meeting_minutes", paper.house_name, short_day(day, year=True)),
        f"{paper.house_name} minutes {day}.pdf", True, build_minutes(paper), "meeting",
        meeting_id, lambda password: build_minutes(paper, password=password))
