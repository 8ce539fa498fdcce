"""One pipeline per report, "read model → PDF bytes", used by the windows and the command
line alike.

A `Pipeline` names the service that reads the report's data (it checks the role and
writes the audit event of the read in the same transaction), the builder that turns that
read model into PDF bytes, and how the report is titled and named as a file. The windows
`prepare` a report off the UI thread: read once, built in memory, and the read model kept
so that saving with a password re-renders the same pages without reading (or auditing)
again. The command line `render`s it: read once, built once, with the password if any.
Nothing here touches the disk.

A paper is built in its reader's language (reports/paper_language.py): the read model
says whose (the house's, the resident's, the staff member's), `language` ("en", "es",
"both" for a house's papers; None: the reader's) overrides it. The pages are built inside
`printing_in(...)` on whichever thread runs them; the title above the preview is in the
window's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from peerhouse.clock_text import short_day, week_of
from peerhouse.i18n import lazy
from peerhouse.reports.meeting_papers import build_minutes, build_sign_in_sheet
from peerhouse.reports.paper_language import paper_languages, printing_in
from peerhouse.reports.resident_progress import build_resident_progress
from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services.actor import Actor
from peerhouse.services.meeting_papers import MeetingPaper, meeting_minutes, sign_in_sheet
from peerhouse.services.progress import ResidentProgress, resident_progress
from peerhouse.services.summaries import WeeklySummary, weekly_summary
from peerhouse.services.weekly_board import WeeklyBoard, weekly_board_data
from peerhouse.store.engine import Store

M = TypeVar("M")

# What each kind is called on screen: in the Kind list and at the head of its preview, so
# the header always says what Print… will produce.
KIND_NAMES = {
    "weekly_board": lazy("House board (public)"),
    "weekly_manager": lazy("Weekly manager summary (confidential)"),
    "resident": lazy("Resident progress report (confidential)"),
    "sign_in_sheet": lazy("Sign-in sheet"),
    "meeting_minutes": lazy("Meeting minutes (confidential)"),
}


@dataclass(frozen=True)
class Pipeline(Generic[M]):
    """How one kind of report is made: read (a service), build, title and file name."""

    kind: str  # report_output.KINDS
    entity: str  # what the audit trail names: the first argument after the actor
    read: Callable[..., M]  # (store, actor, entity id, ...) → the read model
    build: Callable[[M, str | None], bytes]  # (read model, PDF password) → PDF bytes
    title: Callable[[M], tuple[str, ...]]  # what follows the kind's name above the preview
    file_name: Callable[[M], str]  # suggested when saving; never a resident's name
    confidential: bool = True
    house_paper: bool = False  # in the house's language, or both on one sheet

    def languages(self, model: M, language: str | None) -> tuple[str, ...]:
        """The languages the paper is printed in: `language`, else its reader's."""
        return paper_languages(language, getattr(model, "language", "en"),
                               bilingual=getattr(model, "bilingual", False),
                               house_paper=self.house_paper)

    def build_in(self, model: M, password: str | None, languages: tuple[str, ...]) -> bytes:
        with printing_in(languages):
            return self.build(model, password)


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
    model: Any = None  # the read model the pages were built from
    languages: tuple[str, ...] = ("en",)  # what the pages are printed in

    def with_password(self, password: str | None) -> bytes:
        return self.rebuild(password) if password else self.pdf


def prepare(pipe: Pipeline[M], store: Store, actor: Actor, entity_id: object,
            *args: Any, language: str | None = None) -> PreparedReport:
    """Read the report's data once and build it without a password (for the windows), in
    `language` (None: its reader's)."""
    model = pipe.read(store, actor, entity_id, *args)
    languages = pipe.languages(model, language)
    pdf = pipe.build_in(model, None, languages)

    def rebuild(password: str | None) -> bytes:
        return pipe.build_in(model, password, languages) if pipe.confidential else pdf

    title = " · ".join((str(KIND_NAMES[pipe.kind]), *pipe.title(model)))
    return PreparedReport(pipe.kind, title, pipe.file_name(model), pipe.confidential, pdf,
                          pipe.entity, entity_id, rebuild, model, languages)


def render(pipe: Pipeline[M], store: Store, actor: Actor, entity_id: object, *args: Any,
           password: str | None = None, language: str | None = None) -> tuple[M, bytes]:
    """Read the report's data once and build it once, with `password` if any, in
    `language` (None: its reader's) (for the command line): the read model (for what to
    say about it) and the PDF bytes."""
    model = pipe.read(store, actor, entity_id, *args)
    return model, pipe.build_in(model, password if pipe.confidential else None,
                                pipe.languages(model, language))


def _paper_day(paper: MeetingPaper) -> date:
    return paper.starts_at.date()  # house-local already


WEEKLY_BOARD: Pipeline[WeeklyBoard] = Pipeline(
    "weekly_board", "house", weekly_board_data,
    lambda board, _password: build_weekly_board(board),
    lambda board: (board.house_name, week_of(board.week_start, year=True)),
    lambda board: f"{board.house_name} house board {board.week}.pdf", confidential=False,
    house_paper=True)

WEEKLY_MANAGER: Pipeline[WeeklySummary] = Pipeline(
    "weekly_manager", "house", weekly_summary,
    lambda summary, password: build_weekly_manager(summary, password=password),
    lambda summary: (summary.house_name, week_of(summary.week_start, year=True)),
    lambda summary: f"{summary.house_name} manager summary {summary.week}.pdf")

RESIDENT_PROGRESS: Pipeline[ResidentProgress] = Pipeline(
    "resident", "resident", resident_progress,
    lambda progress, password: build_resident_progress(progress, password=password),
    lambda progress: (progress.full_name,
                      str(lazy("for {recipient}", recipient=progress.recipient))),
    # The file name carries the record number, not the name: folder listings are seen.
    lambda progress: (f"Progress report R{progress.resident_id} "
                      f"{progress.first.isoformat()} to {progress.last.isoformat()}.pdf"))

SIGN_IN_SHEET: Pipeline[MeetingPaper] = Pipeline(
    "sign_in_sheet", "meeting", sign_in_sheet,
    lambda paper, _password: build_sign_in_sheet(paper),
    lambda paper: (paper.house_name, short_day(_paper_day(paper), year=True)),
    lambda paper: f"{paper.house_name} sign-in sheet {_paper_day(paper)}.pdf",
    confidential=False, house_paper=True)

MEETING_MINUTES: Pipeline[MeetingPaper] = Pipeline(
    "meeting_minutes", "meeting", meeting_minutes,
    lambda paper, password: build_minutes(paper, password=password),
    lambda paper: (paper.house_name, short_day(_paper_day(paper), year=True)),
    lambda paper: f"{paper.house_name} minutes {_paper_day(paper)}.pdf", house_paper=True)

PIPELINES = {p.kind: p for p in (WEEKLY_BOARD, WEEKLY_MANAGER, RESIDENT_PROGRESS,
                                 SIGN_IN_SHEET, MEETING_MINUTES)}


# --- the windows' names for them ---------------------------------------------------------

def weekly_board_report(store: Store, actor: Actor, house_id: int, week: date,
                        language: str | None = None) -> PreparedReport:
    return prepare(WEEKLY_BOARD, store, actor, house_id, week, language=language)


def weekly_manager_report(store: Store, actor: Actor, house_id: int, week: date,
                          language: str | None = None) -> PreparedReport:
    return prepare(WEEKLY_MANAGER, store, actor, house_id, week, language=language)


def resident_report(store: Store, actor: Actor, resident_id: int, consent_id: int, first: date,
                    last: date, sections: Iterable[str] | None = None,
                    language: str | None = None) -> PreparedReport:
    return prepare(RESIDENT_PROGRESS, store, actor, resident_id, consent_id, first, last,
                   sections, language=language)


def sign_in_report(store: Store, actor: Actor, meeting_id: int) -> PreparedReport:
    return prepare(SIGN_IN_SHEET, store, actor, meeting_id)


def minutes_report(store: Store, actor: Actor, meeting_id: int) -> PreparedReport:
    return prepare(MEETING_MINUTES, store, actor, meeting_id)
