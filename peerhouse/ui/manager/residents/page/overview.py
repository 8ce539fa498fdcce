"""The Overview tab: sobriety time and the next milestone, the stay, contacts, and (for
managers only) the private notes. It shows the page's profile; it reads nothing itself.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QWidget,
)

from peerhouse.i18n import Message, _, lazy, ngettext
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.labels import exit_reason_label
from peerhouse.models.people import Resident
from peerhouse.services.milestones import (
    milestones_between,
    next_milestone,
    sober_days,
    sober_time_text,
)
from peerhouse.services.permissions import Perm
from peerhouse.ui.manager.residents.form import LANGUAGE_NAMES
from peerhouse.ui.manager.residents.page.tab import Profile, ResidentTab, fmt_day
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.banner import Banner
from peerhouse.ui.widgets.common import Card, muted
from peerhouse.ui.widgets.pages import scrolling_page

STATUS_WORDS: dict[str, Message] = {"active": lazy("Current resident"),
                                    "applicant": lazy("Applicant"),
                                    "discharged": lazy("Moved out")}


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _FactsCard(Card):
    """A card of 'label: value' lines that can be refilled."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)

    def set_facts(self, facts: list[tuple[str, str]]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for row, (name, value) in enumerate(facts):
            key = muted(name)
            key.setWordWrap(False)
            self.grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(_value(value or "—"), row, 1)


class OverviewTab(ResidentTab):
    permission = Perm.RESIDENTS_READ

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        grid = QGridLayout(scrolling_page(self)[1])
        grid.setContentsMargins(14, 14, 14, 14)
        grid.setSpacing(12)

        self.sober_card = Card(_("Sobriety time"))
        self.sober_value = QLabel("—")
        self.sober_value.setObjectName("BigNumber")
        self.sober_since = muted("")
        self.next_label = QLabel("")
        self.next_label.setWordWrap(True)
        # A small celebration on a milestone day (a banner, not a pop-up).
        self.celebrate_row = Banner((8, 4, 8, 4))
        self.star = QLabel()
        self.star.setPixmap(icon("star").pixmap(20, 20))
        self.celebrate_label = self.celebrate_row.text
        self.celebrate_label.setStyleSheet("font-weight: 600;")
        self.celebrate_row.row.insertWidget(0, self.star)
        self.public_label = muted("")
        for w in (self.sober_value, self.sober_since, self.next_label, self.celebrate_row,
                  self.public_label):
            self.sober_card.body.addWidget(w)
        self.sober_card.body.addStretch(1)

        self.stay_card = _FactsCard(_("Stay"))
        self.contact_card = _FactsCard(_("Contact"))
        self.support_card = _FactsCard(_("Emergency contact and sponsor"))
        grid.addWidget(self.sober_card, 0, 0)
        grid.addWidget(self.stay_card, 0, 1)
        grid.addWidget(self.contact_card, 1, 0)
        grid.addWidget(self.support_card, 1, 1)
        self.milestone_card = _FactsCard(_("Milestones"))
        grid.addWidget(self.milestone_card, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.notes_card: Card | None = None
        if ctx.can(Perm.RESIDENTS_NOTES):
            self.notes_card = Card(_("Manager notes (private)"))
            self.notes_label = _value("")
            self.notes_card.body.addWidget(self.notes_label)
            self.notes_card.body.addWidget(muted(_("Only managers and the owner see these "
                                                   "notes.")))
            grid.addWidget(self.notes_card, 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        self.clear()

    def clear(self) -> None:
        self.sober_value.setText("…")
        self.sober_since.setText("")
        self.next_label.setText("")
        self.celebrate_row.hide()
        self.public_label.setText("")

    def set_profile(self, profile: Profile, *, new_resident: bool) -> None:
        super().set_profile(profile, new_resident=new_resident)
        self.stale = False
        self._show(profile)

    def _show(self, p: Profile) -> None:
        r = p.resident
        self._show_sobriety(r, p)
        status = STATUS_WORDS.get(r.status)
        stay = [(_("Status"), str(status) if status is not None else r.status),
                (_("House"), p.house_name), (_("Phase"), p.phase),
                (_("Bed"), r.bed), (_("Moved in"), fmt_day(r.move_in_date))]
        if r.status == ResidentStatus.ACTIVE and p.curfew:
            stay.insert(3, (_("Curfew"), p.curfew))
        if r.move_out_date:
            stay.append((_("Moved out"), fmt_day(r.move_out_date)))
        if r.exit_reason:  # only filled for roles that may see it
            reason = exit_reason_label(r.exit_reason)
            stay.append((_("Reason"), str(reason) if isinstance(reason, Message)
                         else _(reason)))
        self.stay_card.set_facts(stay)
        self.contact_card.set_facts([
            (_("Phone"), r.phone or _("Not recorded")),
            (_("Date of birth"), fmt_day(r.date_of_birth) if r.date_of_birth
             else _("Not recorded")),
            (_("Preferred language"), LANGUAGE_NAMES.get(p.language, p.language))])
        self.support_card.set_facts([
            (_("Emergency contact"), _name_phone(r.emergency_contact_name,
                                                 r.emergency_contact_phone)),
            (_("Sponsor"), _name_phone(r.sponsor_name, r.sponsor_phone))])
        if self.notes_card is not None:
            self.notes_label.setText(r.notes or _("No notes yet."))

    def _show_sobriety(self, r: Resident, p: Profile) -> None:
        self.celebrate_row.hide()
        self.milestone_card.set_facts(_milestone_facts(r, p))
        if r.sobriety_date is None:
            self.sober_value.setText(_("Not recorded"))
            self.sober_since.setText(_("No sobriety date on record."))
            self.next_label.setText("")
            self.public_label.setText("")
            return
        today = p.today
        self.sober_value.setText(sober_time_text(r.sobriety_date, today))
        sober = sober_days(r.sobriety_date, today)
        self.sober_since.setText(ngettext("Since {day} ({n} day)", "Since {day} ({n} days)",
                                          sober).format(day=fmt_day(r.sobriety_date), n=sober))
        nxt = next_milestone(r.sobriety_date, today)
        if nxt.on == today:
            self.celebrate_label.setText(_("{milestone} today — a milestone worth "
                                           "celebrating!").format(milestone=nxt.label))
            self.celebrate_row.show()
            after = next_milestone(r.sobriety_date, today + timedelta(days=1))
            self.next_label.setText(_("Next milestone: {milestone} on {day}.").format(
                milestone=after.label, day=fmt_day(after.on)))
        else:
            days = (nxt.on - today).days
            self.next_label.setText(ngettext(
                "Next milestone: {milestone} on {day} — {n} day to go.",
                "Next milestone: {milestone} on {day} — {n} days to go.", days).format(
                milestone=nxt.label, day=fmt_day(nxt.on), n=days))
        self.public_label.setText(_("Milestones are celebrated on the house board.")
                                  if r.celebrate_milestones_publicly else
                                  _("Milestones stay private (not on the house board)."))


def _milestone_facts(r: Resident, p: Profile) -> list[tuple[str, str]]:
    """Milestones reached (the latest few) and the next ones coming up."""
    if r.sobriety_date is None:
        return [(_("Milestones"), _("Shown once a sobriety date is recorded."))]
    today = p.today
    reached = milestones_between(r.sobriety_date, r.sobriety_date, today + timedelta(days=1))
    ahead = milestones_between(r.sobriety_date, today + timedelta(days=1),
                               today + timedelta(days=800))[:3]
    labels = [m.label for m in reached[-6:]]
    done = ("… · " if len(reached) > 6 else "") + " · ".join(labels)
    if reached:
        done = _("{milestones} — latest on {day}").format(milestones=done,
                                                          day=fmt_day(reached[-1].on))
    return [(_("Reached"), done or _("None yet — the first is 24 hours.")),
            (_("Coming up"), "; ".join(_("{milestone} on {day}").format(
                milestone=m.label, day=fmt_day(m.on)) for m in ahead) or "—")]


def _name_phone(name: str, phone: str) -> str:
    return " · ".join(p for p in (name, phone) if p) or _("Not recorded")
