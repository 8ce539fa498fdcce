"""One loader per timeline source, each a single query (used by `services.timeline`).

Every loader receives a `Window` (the open session, the resident, the house time zone
and the range) and turns rows into `TimelineItem`s with plain, person-first wording.
Permissions are decided by the caller: a loader only runs when the actor may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, and_, col, or_, select

from peerhouse.clock_text import clock_text, date_text
from peerhouse.models.accountability import CheckIn, Incident, IncidentResident, Screen, SignOut
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.consent import Consent
from peerhouse.models.enums import ChoreStatus, MeetingStatus
from peerhouse.models.growth import Goal, GoalNote, GoalStep, MentorSession
from peerhouse.models.houses import House
from peerhouse.models.labels import meeting_kind_label
from peerhouse.models.meetings import Attendance, Meeting, OutsideMeeting
from peerhouse.models.people import Resident, SobrietyDateChange, StaffAccount, Stay
from peerhouse.services.clock import zone


class Kind(StrEnum):
    CHECKIN = "checkin"
    HOUSE_MEETING = "house_meeting"
    OUTSIDE_MEETING = "outside_meeting"
    CHORE = "chore"
    SIGNOUT = "signout"
    SCREEN = "screen"
    INCIDENT = "incident"
    GOAL = "goal"
    MENTORING = "mentoring"
    CONSENT = "consent"
    SOBRIETY = "sobriety_date"
    STAY = "stay"


@dataclass(frozen=True)
class TimelineItem:
    """One line of a resident's timeline; `day` and `time` are house-local."""

    day: date
    time: time | None  # None for records kept by day only (chores, outside meetings, stays)
    kind: str
    summary: str
    ref_id: int | None = None

    @property
    def sort_key(self) -> tuple[date, time, str]:
        return (self.day, self.time or time.min, self.kind)


@dataclass(frozen=True)
class Window:
    session: Session
    resident_id: int
    tz: str
    lo: datetime | None  # UTC bounds of [start, end) for timestamp columns
    hi: datetime | None
    start: date | None
    end: date | None
    today: date

    def at(self, column: Any) -> list[Any]:
        """Conditions keeping a timestamp column inside the window."""
        return _between(column, self.lo, self.hi)

    def on(self, column: Any) -> list[Any]:
        """Conditions keeping a date column inside the window."""
        return _between(column, self.start, self.end)

    def own_rows(self, model: Any, *, at: Any = None, on: Any = None) -> list[Any]:
        """The resident's rows of `model` inside the window, by its timestamp column `at`
        or its day column `on`."""
        inside = self.at(at) if at is not None else self.on(on)
        return list(self.session.exec(
            select(model).where(model.resident_id == self.resident_id, *inside)))

    def inside(self, day: date | None) -> bool:
        return day is not None and (self.start is None or day >= self.start) and (
            self.end is None or day < self.end)

    def item(self, at: datetime, kind: Kind, summary: str, ref: int | None) -> TimelineItem:
        local = at.astimezone(zone(self.tz))
        return TimelineItem(local.date(), local.time().replace(microsecond=0), kind, summary, ref)

    def clock(self, at: datetime) -> str:
        """'5:45 PM' in the house's time, as on every other screen and paper."""
        return clock_text(at.astimezone(zone(self.tz)))


def _between(column: Any, lo: object, hi: object) -> list[Any]:
    """Conditions keeping `column` in [lo, hi); an end that is None is open."""
    out = []
    if lo is not None:
        out.append(column >= lo)
    if hi is not None:
        out.append(column < hi)
    return out


# A few minutes past the planned time is not worth a remark.
LATE_GRACE = timedelta(minutes=15)
Loader = Callable[[Window], list[TimelineItem]]

ATTENDED = {"present": "attended", "late": "came late", "excused": "excused", "absent": "missed"}
CHORE_STATES = {ChoreStatus.DONE: "done", ChoreStatus.VERIFIED: "done and checked",
                ChoreStatus.MISSED: "missed", ChoreStatus.EXCUSED: "excused"}
EXIT_WORDS = {"completed": "completed the program", "moved_on": "moved on",
              "left_voluntarily": "left by choice", "return_to_use": "after a return to use",
              "rule_violation": "after a house-rule matter", "other": "other reason",
              "transferred": "moved to another house"}


def short(text: str, limit: int = 90) -> str:
    """The first line of a text, shortened for a one-line summary."""
    line = " ".join(text.strip().split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _label(value: str) -> str:
    return value.replace("_", " ")


# --- check-ins -----------------------------------------------------------------------


def checkin_answers(w: Window) -> list[TimelineItem]:
    out = []
    for c in w.own_rows(CheckIn, on=CheckIn.day):
        parts = [f"mood {c.mood}/5", f"craving {c.craving}/10"]
        parts += [t for flag, t in ((c.slept_well, "slept well"),
                                    (c.sponsor_contact, "talked with sponsor"),
                                    (c.wants_to_talk, "asked to talk to someone")) if flag]
        text = "Checked in — " + ", ".join(parts)
        if c.note:
            text += f" · “{short(c.note, 70)}”"
        out.append(w.item(c.at, Kind.CHECKIN, text, c.id))
    return out


def checkin_status(w: Window) -> list[TimelineItem]:
    """For staff: only that someone checked in (and asked to talk) — never the answers."""
    rows = w.session.exec(select(CheckIn.id, CheckIn.at, CheckIn.wants_to_talk)
                          .where(CheckIn.resident_id == w.resident_id, *w.on(CheckIn.day)))
    return [w.item(at, Kind.CHECKIN, "Checked in" + (" — asked to talk to someone" if talk else ""),
                   cid) for cid, at, talk in rows]


# --- house life ----------------------------------------------------------------------


def house_meetings(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(Attendance.meeting_id, Attendance.status, Meeting.kind, Meeting.starts_at,
               Meeting.topic)
        .join(Meeting, col(Meeting.id) == Attendance.meeting_id)
        .where(Attendance.resident_id == w.resident_id,
               Meeting.status != MeetingStatus.CANCELLED, *w.at(Meeting.starts_at)))
    out = []
    for mid, status, kind, at, topic in rows:
        text = f"{meeting_kind_label(kind)}: {ATTENDED.get(status, status)}"
        out.append(w.item(at, Kind.HOUSE_MEETING, text + (f" — {short(topic, 60)}" if topic else ""),
                          mid))
    return out


def outside_meetings(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(select(OutsideMeeting).where(
        OutsideMeeting.resident_id == w.resident_id, *w.on(OutsideMeeting.on_date)))
    out = []
    for m in rows:
        what = "Outside meeting" if m.fellowship == "other" else f"{m.fellowship} meeting"
        where = ", ".join(p for p in (m.name, m.place) if p)
        text = what + (f" — {short(where, 60)}" if where else "")
        text += " · slip seen" if m.verified else ""
        out.append(TimelineItem(m.on_date, None, Kind.OUTSIDE_MEETING, text, m.id))
    return out


def chores(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(ChoreAssignment.id, ChoreAssignment.due_date, ChoreAssignment.status, Chore.name)
        .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
        .where(ChoreAssignment.resident_id == w.resident_id, ChoreAssignment.due_date <= w.today,
               *w.on(ChoreAssignment.due_date)))
    out = []
    for aid, due, status, name in rows:
        state = CHORE_STATES.get(status) or ("due today" if due == w.today else "not marked done")
        out.append(TimelineItem(due, None, Kind.CHORE, f"Chore: {name} — {state}", aid))
    return out


def signouts(w: Window) -> list[TimelineItem]:
    return [w.item(s.out_at, Kind.SIGNOUT, _signout_text(w, s), s.id)
            for s in w.own_rows(SignOut, at=SignOut.out_at)]


def _signout_text(w: Window, s: SignOut) -> str:
    text = f"Signed out to {short(s.destination, 50)}"
    if s.expected_back_at is not None:
        text += f", expected back {w.clock(s.expected_back_at)}"
    if s.back_at is None:
        return text + " — not signed back in yet"
    text += f" — back {w.clock(s.back_at)}"
    if s.expected_back_at is not None and s.back_at > s.expected_back_at + LATE_GRACE:
        text += " (later than planned)"
    return text


# --- confidential --------------------------------------------------------------------


def screens(w: Window) -> list[TimelineItem]:
    return [w.item(s.at, Kind.SCREEN, _screen_text(s), s.id)
            for s in w.own_rows(Screen, at=Screen.at)]


def _screen_text(s: Screen) -> str:
    text = f"{s.method.capitalize()} screen ({_label(s.reason)}): {s.result}"
    return text + (f" — {short(s.substances, 50)}" if s.substances else "")


def incidents(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(Incident).join(IncidentResident, col(IncidentResident.incident_id) == Incident.id)
        .where(IncidentResident.resident_id == w.resident_id, *w.at(Incident.at)))
    return [w.item(i.at, Kind.INCIDENT,
                   f"Incident ({_label(i.category)}): {short(i.description, 70)}", i.id)
            for i in rows]


def goals_set(w: Window) -> list[TimelineItem]:
    return [w.item(g.created_at, Kind.GOAL, f"Goal set: {short(g.title, 70)} ({g.area})", g.id)
            for g in w.own_rows(Goal, at=Goal.created_at)]


def goal_steps(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(GoalStep.id, GoalStep.text, GoalStep.done_at, Goal.title)
        .join(Goal, col(Goal.id) == GoalStep.goal_id)
        .where(Goal.resident_id == w.resident_id, col(GoalStep.done_at).is_not(None),
               *w.at(GoalStep.done_at)))
    return [w.item(done, Kind.GOAL, f"Goal step done: {short(text, 60)} — {short(title, 40)}", sid)
            for sid, text, done, title in rows]


def goal_notes(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(GoalNote.id, GoalNote.at, GoalNote.text, Goal.title)
        .join(Goal, col(Goal.id) == GoalNote.goal_id)
        .where(Goal.resident_id == w.resident_id, *w.at(GoalNote.at)))
    return [w.item(at, Kind.GOAL, f"Progress note on {short(title, 40)}: {short(text, 60)}", nid)
            for nid, at, text, title in rows]


def mentoring(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(MentorSession, Resident.preferred_name, Resident.first_name, Resident.last_name,
               StaffAccount.display_name)
        .outerjoin(Resident, col(Resident.id) == MentorSession.mentor_resident_id)
        .outerjoin(StaffAccount, col(StaffAccount.id) == MentorSession.mentor_staff_id)
        .where(MentorSession.mentee_id == w.resident_id, *w.at(MentorSession.at)))
    out = []
    for s, preferred, first, last, staff in rows:
        who = staff or (f"{preferred or first} {last}" if first else "a peer mentor")
        text = f"Peer mentoring with {who}" + (f": {short(s.note, 60)}" if s.note else "")
        out.append(w.item(s.at, Kind.MENTORING, text, s.id))
    return out


def consents(w: Window) -> list[TimelineItem]:
    cond = [Consent.resident_id == w.resident_id]
    if w.start is not None or w.end is not None:
        cond.append(or_(*[_all(w.on(Consent.signed_on)), _all(w.on(Consent.revoked_on))]))
    out = []
    for c in w.session.exec(select(Consent).where(*cond)):
        if w.inside(c.signed_on):
            out.append(TimelineItem(c.signed_on, None, Kind.CONSENT,
                                    f"Consent signed for {short(c.recipient, 50)} "
                                    f"(until {date_text(c.expires_on)})", c.id))
        if w.inside(c.revoked_on):
            assert c.revoked_on is not None
            out.append(TimelineItem(c.revoked_on, None, Kind.CONSENT,
                                    f"Consent for {short(c.recipient, 50)} revoked", c.id))
    return out


def sobriety_changes(w: Window) -> list[TimelineItem]:
    out = []
    for c in w.own_rows(SobrietyDateChange, at=SobrietyDateChange.changed_at):
        old = date_text(c.old_date, empty="none")
        new = date_text(c.new_date, empty="none")
        out.append(w.item(c.changed_at, Kind.SOBRIETY,
                          f"Sobriety date changed from {old} to {new} — {short(c.reason, 60)}",
                          c.id))
    return out


def _stays(w: Window, *, reasons: bool) -> list[TimelineItem]:
    cond = [Stay.resident_id == w.resident_id]
    if w.start is not None or w.end is not None:
        cond.append(or_(_all(w.on(Stay.moved_in)), _all(w.on(Stay.moved_out))))
    out = []
    for st, house in w.session.exec(select(Stay, House.name)
                                    .join(House, col(House.id) == Stay.house_id).where(*cond)):
        if w.inside(st.moved_in):
            out.append(TimelineItem(st.moved_in, None, Kind.STAY, f"Moved in to {house}", st.id))
        if w.inside(st.moved_out):
            assert st.moved_out is not None
            why = EXIT_WORDS.get(st.exit_reason or "", "") if reasons else ""
            if st.exit_reason == "transferred":
                why = EXIT_WORDS["transferred"]
            out.append(TimelineItem(st.moved_out, None, Kind.STAY,
                                    f"Moved out of {house}" + (f" — {why}" if why else ""), st.id))
    return out


def stays_with_reasons(w: Window) -> list[TimelineItem]:
    return _stays(w, reasons=True)


def stays_plain(w: Window) -> list[TimelineItem]:
    return _stays(w, reasons=False)


def _all(conds: list[Any]) -> Any:
    return and_(*conds)
