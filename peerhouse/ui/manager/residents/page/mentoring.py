"""The Mentoring tab: who the resident's peer mentor is, and the one-to-one mentoring log.

Session notes are confidential (managers only); reading them is audited by the service.
A session is logged with the resident's mentor, so without one "Log a session" is off and
says to choose a mentor first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import WriteOp
from peerhouse.i18n import _, lazy
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.growth import MentorSession
from peerhouse.services import mentoring, timeline
from peerhouse.services.permissions import Perm
from peerhouse.services.timeline import MentorChoice
from peerhouse.services.unit import Unit
from peerhouse.ui.manager.residents.page.dialogs import (
    aware,
    mentor_dialog,
    session_dialog,
    value_of,
)
from peerhouse.ui.manager.residents.page.tab import ResidentTab, fmt_local
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import Card, button, confirm, make_table, muted
from peerhouse.ui.widgets.operation_dialog import OperationDialog

NO_MENTOR = lazy("Choose a mentor first: a session is logged with the resident's peer mentor.")


@dataclass(frozen=True)
class SessionRow:
    at: datetime
    mentor: str
    note: str


@dataclass(frozen=True)
class MentoringData:
    mentor: str  # "" when nobody is assigned
    sessions: list[SessionRow]


def load_mentoring(u: Unit, mentee_id: int, current: tuple[int | None, int | None]
                   ) -> MentoringData:
    """The log and the names it shows (the log is an audited read)."""
    rows: list[MentorSession] = mentoring.sessions_for(u, mentee_id)
    rids = {r.mentor_resident_id for r in rows if r.mentor_resident_id} | {current[0]} - {None}
    sids = {r.mentor_staff_id for r in rows if r.mentor_staff_id} | {current[1]} - {None}
    names = timeline.mentor_names(u, sorted(rids), sorted(sids))  # type: ignore[arg-type]

    def name(rid: int | None, sid: int | None) -> str:
        if rid is not None:
            return names.get(("resident", rid)) or _("a former resident")
        if sid is not None:
            return names.get(("staff", sid)) or _("a staff member")
        return ""

    return MentoringData(name(*current), [SessionRow(r.at, name(r.mentor_resident_id, r.mentor_staff_id),
                                                     r.note) for r in rows])


class MentoringTab(ResidentTab):
    permission = Perm.MENTORING_READ
    watches = (RecordKind.MENTORING,)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.data: MentoringData | None = None
        manage = ctx.can(Perm.MENTORING_MANAGE)
        layout = self.column(spacing=10)

        card = Card(_("Peer mentor"))
        self.mentor_label = QLabel("…")
        self.mentor_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        card.body.addWidget(self.mentor_label)
        card.body.addWidget(muted(_("A peer further along in recovery (or a staff member) who "
                                    "meets the resident one-to-one.")))
        row = QHBoxLayout()
        self.choose_button = button(_("Choose mento&r…"), "residents",
                                    on_click=self.choose_mentor)
        self.end_button = button(_("&End pairing"), danger=True, on_click=self.end_pairing)
        self.log_button = button(_("&Log a session…"), primary=True, on_click=self.log_session)
        for b in (self.log_button, self.choose_button, self.end_button):
            b.setVisible(manage)
            row.addWidget(b)
        row.addStretch(1)
        card.body.addLayout(row)
        self.no_mentor_note = muted(str(NO_MENTOR))
        self.no_mentor_note.setWordWrap(True)
        self.no_mentor_note.hide()
        card.body.addWidget(self.no_mentor_note)
        layout.addWidget(card)

        self.model: RowsModel[SessionRow] = RowsModel([
            Column(_("When"), lambda r: fmt_local(r.at, self._tz()), sort=lambda r: r.at),
            Column(_("Mentor"), lambda r: r.mentor),
            Column(_("Note"), lambda r: " ".join(r.note.split()) or "—", tooltip=lambda r: r.note),
        ], self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Mentoring sessions"))
        self.view.setColumnWidth(0, 170)
        self.view.setColumnWidth(1, 180)
        self.body = self.add_body(layout, self.view)

    def _tz(self) -> str:
        return self.profile.tz if self.profile else "UTC"

    def _current(self) -> tuple[int | None, int | None]:
        r = self.profile.resident if self.profile else None
        return (r.mentor_resident_id, r.mentor_staff_id) if r else (None, None)

    def clear(self) -> None:
        self.data = None
        self.model.set_rows([])
        self.mentor_label.setText("…")
        self.log_button.setEnabled(False)  # until this resident's mentor is known
        self.no_mentor_note.hide()

    def refresh(self) -> None:
        self.fetch_resident(load_mentoring, self._current(), apply=self._show, audited=True)

    def _show(self, data: MentoringData) -> None:
        self.data = data
        self.mentor_label.setText(data.mentor or _("No peer mentor yet"))
        self.model.set_rows(data.sessions)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        paired = bool(data.mentor)
        self.body.set_empty("" if data.sessions else
                            _("No mentoring sessions logged yet. After a one-to-one talk, use "
                              "“Log a session” to keep a short note of it.") if paired else
                            _("No mentoring sessions logged yet. Once the resident has a peer "
                              "mentor (Choose mentor), their one-to-one talks can be logged "
                              "here."))
        current = self.profile is not None and self.profile.resident.status == ResidentStatus.ACTIVE
        self.choose_button.setText(_("Change mento&r…") if paired else _("Choose mento&r…"))
        self.choose_button.setEnabled(current)
        self.end_button.setEnabled(paired)
        self.log_button.setEnabled(paired)
        self.log_button.setToolTip("" if paired else str(NO_MENTOR))
        self.no_mentor_note.setVisible(self.ctx.can(Perm.MENTORING_MANAGE) and not paired)

    # -- changes -----------------------------------------------------------------------
    def choose_mentor(self) -> None:
        self.fetch_resident(timeline.mentor_choices, apply=self._open_choose)

    def _open_choose(self, choices: list[MentorChoice]) -> None:
        self.open_form(mentor_dialog(self, choices, self._current()), self._save_mentor)

    def _save_mentor(self, d: OperationDialog) -> None:
        rid, sid = value_of(d.fields["peer mentor"]) or (None, None)  # type: ignore[misc]
        self.save(WriteOp(mentoring.assign_mentor, self.resident_id, mentor_resident_id=rid,
                          mentor_staff_id=sid), dialog=d)

    def end_pairing(self) -> None:
        if self.resident_id is None or self.data is None or not self.data.mentor:
            return
        if confirm(self, _("End pairing"),
                   _("End the pairing with {mentor}? The mentoring log is kept.").format(
                       mentor=self.data.mentor),
                   yes=_("End pairing")):
            self.save(WriteOp(mentoring.clear_mentor, self.resident_id))

    def log_session(self) -> None:
        if self.data is not None and self.data.mentor:
            self.fetch_resident(timeline.mentor_choices, apply=self._open_log)

    def _open_log(self, choices: list[MentorChoice]) -> None:
        self.open_form(session_dialog(self, choices, self._current(),
                                      self.data.mentor if self.data else ""), self._save_session)

    def _save_session(self, d: OperationDialog) -> None:
        rid, sid = value_of(d.fields["peer mentor"]) or (None, None)  # type: ignore[misc]
        at = aware(value_of(d.fields["time"]))  # type: ignore[arg-type]
        self.save(WriteOp(mentoring.log_session, self.resident_id,
                          note=str(value_of(d.fields["note"])), at=at, mentor_resident_id=rid,
                          mentor_staff_id=sid), dialog=d)

