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
from peerhouse.i18n import Message, lazy, plazy
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
    """One line of a resident's timeline; `day` and `time` are house-local; `summary`
    reads in its reader's language (`str(item.summary)`)."""

    day: date
    time: time | None  # None for records kept by day only (chores, outside meetings, stays)
    kind: str
    summary: Message
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

    def item(self, at: datetime, kind: Kind, summary: Message, ref: int | None) -> TimelineItem:
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

# A house meeting as the timeline says it ("{meeting}" is the kind: "House meeting").
ATTENDED = {"present": lazy("{meeting}: attended"), "late": lazy("{meeting}: came late"),
            "excused": lazy("{meeting}: excused"), "absent": lazy("{meeting}: missed")}
# A chore as the timeline says it.
CHORE_STATES = {ChoreStatus.DONE: lazy("Chore: {chore} — done"),
                ChoreStatus.VERIFIED: lazy("Chore: {chore} — done and checked"),
                ChoreStatus.MISSED: lazy("Chore: {chore} — missed"),
                ChoreStatus.EXCUSED: lazy("Chore: {chore} — excused")}
EXIT_WORDS = {"completed": lazy("completed the program"), "moved_on": lazy("moved on"),
              "left_voluntarily": lazy("left by choice"),
              "return_to_use": lazy("after a return to use"),
              "rule_violation": lazy("after a house-rule matter"), "other": lazy("other reason"),
              "transferred": lazy("moved to another house")}
SCREEN_LINES = {"urine": lazy("Urine screen ({reason}): {result}"),
                "breath": lazy("Breath screen ({reason}): {result}"),
                "saliva": lazy("Saliva screen ({reason}): {result}")}
SCREEN_WORDS = {"random": lazy("random"), "scheduled": lazy("scheduled"),
                "suspicion": lazy("suspicion"), "admission": lazy("admission"),
                "negative": lazy("negative"), "positive": lazy("positive"),
                "dilute": lazy("dilute"), "refused": lazy("declined"), "invalid": lazy("invalid")}
INCIDENT_WORDS = {"curfew": lazy("curfew"), "use": lazy("use"), "conflict": lazy("conflict"),
                  "house_rule": lazy("house rule"), "safety": lazy("safety"),
                  "neighbour_complaint": lazy("neighbor complaint"),
                  "grievance": lazy("grievance")}


def _more(message: Message, extra: str | None, more: Message | str) -> Message:
    """`message` followed by `more` when there is `extra` to say."""
    return lazy("{line} — {more}", line=message, more=more) if extra else message


def short(text: str, limit: int = 90) -> str:
    """The first line of a text, shortened for a one-line summary."""
    line = " ".join(text.strip().split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _label(value: str, words: dict[str, Message]) -> Message | str:
    return words.get(value) or value.replace("_", " ")


AREA_WORDS = {"recovery": lazy("recovery"), "work": lazy("work"), "education": lazy("education"),
              "health": lazy("health"), "housing": lazy("housing"), "family": lazy("family"),
              "money": lazy("money")}


def area_word(area: str) -> Message | str:
    """A goal's area in plain words ('recovery'), for the reader's language."""
    return _label(area, AREA_WORDS)


# --- check-ins -----------------------------------------------------------------------


def checkin_answers(w: Window) -> list[TimelineItem]:
    out = []
    for c in w.own_rows(CheckIn, on=CheckIn.day):
        text = lazy("Checked in — mood {mood}/5, craving {craving}/10", mood=c.mood,
                    craving=c.craving)
        for flag, more in ((c.slept_well, lazy("{line}, slept well")),
                           (c.sponsor_contact, lazy("{line}, talked with sponsor")),
                           (c.wants_to_talk, lazy("{line}, asked to talk to someone"))):
            if flag:
                text = more.with_values(line=text)
        if c.note:
            text = lazy("{line} · “{note}”", line=text, note=short(c.note, 70))
        out.append(w.item(c.at, Kind.CHECKIN, text, c.id))
    return out


def checkin_status(w: Window) -> list[TimelineItem]:
    """For staff: only that someone checked in (and asked to talk) — never the answers."""
    rows = w.session.exec(select(CheckIn.id, CheckIn.at, CheckIn.wants_to_talk)
                          .where(CheckIn.resident_id == w.resident_id, *w.on(CheckIn.day)))
    return [w.item(at, Kind.CHECKIN, lazy("Checked in — asked to talk to someone") if talk
                   else plazy("timeline", "Checked in"), cid) for cid, at, talk in rows]


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
        line = ATTENDED.get(status) or lazy("{meeting}: {attended}", attended=status)
        text = line.with_values(meeting=meeting_kind_label(kind))
        out.append(w.item(at, Kind.HOUSE_MEETING, _more(text, topic, short(topic or "", 60)),
                          mid))
    return out


def outside_meetings(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(select(OutsideMeeting).where(
        OutsideMeeting.resident_id == w.resident_id, *w.on(OutsideMeeting.on_date)))
    out = []
    for m in rows:
        what = (lazy("Outside meeting") if m.fellowship == "other"
                else lazy("{fellowship} meeting", fellowship=m.fellowship))
        where = ", ".join(p for p in (m.name, m.place) if p)
        text = _more(what, where, short(where, 60))
        if m.verified:
            text = lazy("{line} · slip seen", line=text)
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
        line = CHORE_STATES.get(status) or (lazy("Chore: {chore} — due today") if due == w.today
                                            else lazy("Chore: {chore} — not marked done"))
        out.append(TimelineItem(due, None, Kind.CHORE, line.with_values(chore=name), aid))
    return out


def signouts(w: Window) -> list[TimelineItem]:
    return [w.item(s.out_at, Kind.SIGNOUT, _signout_text(w, s), s.id)
            for s in w.own_rows(SignOut, at=SignOut.out_at)]


def _signout_text(w: Window, s: SignOut) -> Message:
    where = short(s.destination, 50)
    text = (lazy("Signed out to {place}", place=where) if s.expected_back_at is None else
            lazy("Signed out to {place}, expected back {time}", place=where,
                 time=w.clock(s.expected_back_at)))
    if s.back_at is None:
        return lazy("{line} — not signed back in yet", line=text)
    if s.expected_back_at is not None and s.back_at > s.expected_back_at + LATE_GRACE:
        return lazy("{line} — back {time} (later than planned)", line=text,
                    time=w.clock(s.back_at))
    return lazy("{line} — back {time}", line=text, time=w.clock(s.back_at))


# --- confidential --------------------------------------------------------------------


def screens(w: Window) -> list[TimelineItem]:
    return [w.item(s.at, Kind.SCREEN, _screen_text(s), s.id)
            for s in w.own_rows(Screen, at=Screen.at)]


def _screen_text(s: Screen) -> Message:
    line = SCREEN_LINES.get(s.method) or lazy("{method} screen ({reason}): {result}",
                                              method=s.method.capitalize())
    text = line.with_values(reason=_label(s.reason, SCREEN_WORDS),
                            result=_label(s.result, SCREEN_WORDS))
    return _more(text, s.substances, short(s.substances or "", 50))


def incidents(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(Incident).join(IncidentResident, col(IncidentResident.incident_id) == Incident.id)
        .where(IncidentResident.resident_id == w.resident_id, *w.at(Incident.at)))
    return [w.item(i.at, Kind.INCIDENT,
                   lazy("Incident ({category}): {description}",
                        category=_label(i.category, INCIDENT_WORDS),
                        description=short(i.description, 70)), i.id)
            for i in rows]


def goals_set(w: Window) -> list[TimelineItem]:
    return [w.item(g.created_at, Kind.GOAL, lazy("Goal set: {title} ({area})",
                                                 title=short(g.title, 70), area=area_word(g.area)),
                   g.id) for g in w.own_rows(Goal, at=Goal.created_at)]


def goal_steps(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(GoalStep.id, GoalStep.text, GoalStep.done_at, Goal.title)
        .join(Goal, col(Goal.id) == GoalStep.goal_id)
        .where(Goal.resident_id == w.resident_id, col(GoalStep.done_at).is_not(None),
               *w.at(GoalStep.done_at)))
    return [w.item(done, Kind.GOAL, lazy("Goal step done: {step} — {goal}", step=short(text, 60),
                                         goal=short(title, 40)), sid)
            for sid, text, done, title in rows]


def goal_notes(w: Window) -> list[TimelineItem]:
    rows = w.session.exec(
        select(GoalNote.id, GoalNote.at, GoalNote.text, Goal.title)
        .join(Goal, col(Goal.id) == GoalNote.goal_id)
        .where(Goal.resident_id == w.resident_id, *w.at(GoalNote.at)))
    return [w.item(at, Kind.GOAL, lazy("Progress note on {goal}: {note}", goal=short(title, 40),
                                       note=short(text, 60)), nid)
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
        who = staff or (f"{preferred or first} {last}" if first else lazy("a peer mentor"))
        text = (lazy("Peer mentoring with {who}: {note}", who=who, note=short(s.note, 60))
                if s.note else lazy("Peer mentoring with {who}", who=who))
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
                                    lazy("Consent signed for {recipient} (until {day})",
                                         recipient=short(c.recipient, 50),
                                         day=date_text(c.expires_on)), c.id))
        if w.inside(c.revoked_on):
            assert c.revoked_on is not None
            out.append(TimelineItem(c.revoked_on, None, Kind.CONSENT,
                                    lazy("Consent for {recipient} revoked",
                                         recipient=short(c.recipient, 50)), c.id))
    return out


def sobriety_changes(w: Window) -> list[TimelineItem]:
    out = []
    for c in w.own_rows(SobrietyDateChange, at=SobrietyDateChange.changed_at):
        none = str(lazy("none"))
        old = date_text(c.old_date, empty=none)
        new = date_text(c.new_date, empty=none)
        out.append(w.item(c.changed_at, Kind.SOBRIETY,
                          lazy("Sobriety date changed from {old} to {new} — {reason}", old=old,
                               new=new, reason=short(c.reason, 60)), c.id))
    return out


def _stays(w: Window, *, reasons: bool) -> list[TimelineItem]:
    cond = [Stay.resident_id == w.resident_id]
    if w.start is not None or w.end is not None:
        cond.append(or_(_all(w.on(Stay.moved_in)), _all(w.on(Stay.moved_out))))
    out = []
    for st, house in w.session.exec(select(Stay, House.name)
                                    .join(House, col(House.id) == Stay.house_id).where(*cond)):
        if w.inside(st.moved_in):
            out.append(TimelineItem(st.moved_in, None, Kind.STAY,
                                    lazy("Moved in to {house}", house=house), st.id))
        if w.inside(st.moved_out):
            assert st.moved_out is not None
            why = EXIT_WORDS.get(st.exit_reason or "") if reasons else None
            if st.exit_reason == "transferred":
                why = EXIT_WORDS["transferred"]
            text = (lazy("Moved out of {house} — {why}", house=house, why=why) if why
                    else lazy("Moved out of {house}", house=house))
            out.append(TimelineItem(st.moved_out, None, Kind.STAY, text, st.id))
    return out


def stays_with_reasons(w: Window) -> list[TimelineItem]:
    return _stays(w, reasons=True)


def stays_plain(w: Window) -> list[TimelineItem]:
    return _stays(w, reasons=False)


def _all(conds: list[Any]) -> Any:
    return and_(*conds)
