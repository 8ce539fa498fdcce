"""The audit trail's action codes, each with the words a house manager reads for it.

The stored codes stay short and stable (the filters and the hash chain use them); the
audit log shows the words ('Read high cravings', not 'checkin.high_cravings.read') and
the code in a tooltip. A code is declared once, here, with its words beside it: every
event the program writes names an `Action` (a test fails on a code without words).
"""

from __future__ import annotations

from enum import StrEnum

from peerhouse.i18n import Message, _, lazy, plazy


class Action(StrEnum):
    """An audit action code and its words (`Action.CHECKIN_READ.words`), in the current
    language: they are kept as lazy messages and rendered when read."""

    message: Message

    def __new__(cls, code: str, words: Message | None = None) -> Action:
        member = str.__new__(cls, code)
        member._value_ = code
        member.message = words or Message("")
        return member

    @property
    def words(self) -> str:
        return str(self.message) if self.message.msgid else ""

    # staff sign-in and accounts
    LOGIN_ATTEMPT = "login.attempt", lazy("Login started (password being checked)")
    LOGIN_SUCCESS = "login.success", lazy("Logged in")
    LOGIN_FAILED = "login.failed", lazy("Login failed (wrong username or password)")
    LOGIN_REFUSED = "login.refused", lazy("Login refused (account locked for now)")
    ACCOUNT_CREATE = "account.create", lazy("Added a staff account")
    ACCOUNT_UPDATE = "account.update", lazy("Changed a staff account")
    ACCOUNT_PASSWORD = "account.password", lazy("Changed a password")
    ACCOUNT_RECOVER = "account.recover", lazy("Unlocked an account with the recovery code")
    ACCOUNT_RECOVER_REFUSED = "account.recover_refused", lazy("Recovery code refused (wrong code)")
    KEYS_OWNER_SLOT = "keys.owner_slot", lazy("Owner key moved to another owner")
    KEYS_RECOVERY_CODE = "keys.recovery_code", lazy("Made a new recovery code")
    DATABASE_CREATE = "database.create", lazy("Records created")
    RECORDS_SEAL = "records.seal", lazy("Sealed the records")
    RECORDS_KEPT_AFTER_LOSS = ("records.kept_after_loss",
                               lazy("Kept the records as they are after lost changes"))
    DEMO_GENERATE = "demo.generate", lazy("Added demo data")
    # the kiosk
    KIOSK_OPEN = "kiosk.open", lazy("Started the kiosk")
    KIOSK_CLOSE = "kiosk.close", lazy("Closed the kiosk")
    KIOSK_LOGIN_ATTEMPT = "kiosk.login_attempt", lazy("Kiosk login started (PIN being checked)")
    KIOSK_LOGIN = "kiosk.login", lazy("Resident logged in at the kiosk")
    KIOSK_LOGIN_FAILED = "kiosk.login_failed", lazy("Kiosk login failed (wrong PIN)")
    KIOSK_LOGIN_REFUSED = "kiosk.login_refused", lazy("Kiosk login refused (locked for now)")
    # the house
    HOUSE_CREATE = "house.create", lazy("Added a house")
    HOUSE_UPDATE = "house.update", lazy("Changed house rules")
    PHASE_SAVE = "phase.save", lazy("Saved a phase")
    SETTING_UPDATE = "setting.update", lazy("Changed a setting")
    LANGUAGE_SET = "language.set", lazy("Chose a language")
    RESOURCE_CREATE = "resource.create", lazy("Added a resource")
    RESOURCE_EDIT = "resource.edit", lazy("Changed a resource")
    RESOURCE_DELETE = "resource.delete", lazy("Deleted a resource")
    RESOURCE_SEED = "resource.seed", lazy("Added the standard crisis lines")
    # residents
    RESIDENT_ADMIT = "resident.admit", lazy("Admitted a resident")
    RESIDENT_ACTIVATE = "resident.activate", lazy("Resident moved in")
    RESIDENT_EDIT = "resident.edit", lazy("Changed a resident's details")
    RESIDENT_DISCHARGE = "resident.discharge", lazy("Recorded a move-out")
    RESIDENT_MOVE = "resident.move", lazy("Moved a resident to another house")
    RESIDENT_READ = "resident.read", lazy("Opened a resident's page")
    RESIDENT_SOBRIETY_DATE = "resident.sobriety_date", lazy("Changed a sobriety date")
    RESIDENT_SOBRIETY_HISTORY_READ = "resident.sobriety_history.read", lazy("Read sobriety-date history")
    TIMELINE_READ = "timeline.read", lazy("Read a resident's timeline")
    RESIDENT_PIN_RESET = "resident.pin.reset", lazy("Gave a temporary kiosk PIN")
    RESIDENT_PIN_CHOOSE = "resident.pin.choose", lazy("Resident chose a new PIN")
    RESIDENTS_IMPORT = "residents.import", lazy("Imported residents")
    RESIDENTS_EXPORT = "residents.export", lazy("Exported residents")
    # accountability
    CHECKIN_CREATE = "checkin.create", lazy("Check-in recorded")
    CHECKIN_UPDATE = "checkin.update", lazy("Check-in changed")
    CHECKIN_READ = "checkin.read", lazy("Read check-ins")
    CHECKIN_HIGH_CRAVINGS_READ = "checkin.high_cravings.read", lazy("Read high cravings")
    CHECKIN_TALK_FOLLOWED_UP = "checkin.talk_followed_up", lazy("Followed up a request to talk")
    CHECKIN_ATTENTION_NOTIFY = ("checkin.attention.notify",
                                lazy("Showed a desktop notice: someone asked for attention"))
    SIGNOUT_OUT = "signout.out", plazy("house", "Signed out")
    SIGNOUT_IN = "signout.in", lazy("Signed back in")
    SIGNOUT_CORRECT = "signout.correct", lazy("Corrected a sign-out")
    OUTSIDE_MEETING_LOG = "outside_meeting.log", lazy("Logged an outside meeting")
    OUTSIDE_MEETING_VERIFY = "outside_meeting.verify", lazy("Saw an outside-meeting slip")
    OUTSIDE_MEETING_REMOVE = "outside_meeting.remove", lazy("Removed an outside meeting")
    SCREEN_RECORD = "screen.record", lazy("Recorded a screen")
    SCREEN_READ = "screen.read", lazy("Read screens")
    SCREEN_DRAW = "screen.draw", lazy("Made a random screen draw")
    INCIDENT_RECORD = "incident.record", lazy("Recorded an incident")
    INCIDENT_EDIT = "incident.edit", lazy("Corrected an incident")
    INCIDENT_READ = "incident.read", lazy("Read incidents")
    # meetings and chores
    MEETING_SCHEDULE = "meeting.schedule", lazy("Scheduled a meeting")
    MEETING_SCHEDULE_SERIES = "meeting.schedule_series", lazy("Scheduled a weekly series of meetings")
    MEETING_EDIT = "meeting.edit", lazy("Changed a meeting")
    MEETING_CANCEL = "meeting.cancel", lazy("Canceled a meeting")
    MEETING_HELD = "meeting.held", lazy("Saved meeting minutes")
    MEETING_MINUTES = "meeting.minutes", lazy("Saved minutes before the meeting started")
    MEETING_ATTENDANCE = "meeting.attendance", lazy("Took attendance")
    MEETING_ATTENDANCE_ALL_PRESENT = "meeting.attendance_all_present", lazy("Marked everyone present")
    CHORE_CREATE = "chore.create", lazy("Added a chore")
    CHORE_EDIT = "chore.edit", lazy("Changed a chore")
    CHORE_DEACTIVATE = "chore.deactivate", lazy("Stopped a chore")
    CHORE_GENERATE_WEEK = "chore.generate_week", lazy("Generated a week of chores")
    CHORE_DONE = "chore.done", lazy("Chore marked done")
    CHORE_VERIFY = "chore.verify", lazy("Chore verified")
    CHORE_EXCUSE = "chore.excuse", lazy("Chore excused")
    CHORE_MISSED = "chore.missed", lazy("Chore marked missed")
    CHORE_MARK_OVERDUE_MISSED = "chore.mark_overdue_missed", lazy("Marked overdue chores as missed")
    # growth
    GOAL_CREATE = "goal.create", lazy("Set a goal")
    GOAL_EDIT = "goal.edit", lazy("Changed a goal")
    GOAL_STATUS = "goal.status", lazy("Changed a goal's status")
    GOAL_REVIEW_DATE = "goal.review_date", lazy("Changed a goal's review date")
    GOAL_READ = "goal.read", lazy("Read goals")
    GOAL_NOTE_ADD = "goal.note.add", lazy("Added a progress note")
    GOAL_STEP_ADD = "goal.step.add", lazy("Added a goal step")
    GOAL_STEP_EDIT = "goal.step.edit", lazy("Changed a goal step")
    GOAL_STEP_DONE = "goal.step.done", lazy("Checked off a goal step")
    GOAL_STEP_REOPEN = "goal.step.reopen", lazy("Reopened a goal step")
    GOAL_STEP_REMOVE = "goal.step.remove", lazy("Removed a goal step")
    MENTOR_ASSIGN = "mentor.assign", lazy("Paired a peer mentor")
    MENTOR_CLEAR = "mentor.clear", lazy("Ended a mentor pairing")
    MENTOR_SESSION_LOG = "mentor.session.log", lazy("Logged a mentoring session")
    MENTOR_SESSION_READ = "mentor.session.read", lazy("Read mentoring sessions")
    CONSENT_RECORD = "consent.record", lazy("Recorded a consent")
    CONSENT_REVOKE = "consent.revoke", lazy("Revoked a consent")
    CONSENT_READ = "consent.read", lazy("Read consents")
    # papers and backups
    REPORT_WEEKLY_BOARD = "report.weekly_board", lazy("Made the house board")
    REPORT_WEEKLY_SUMMARY = "report.weekly_summary", lazy("Made the manager summary")
    REPORT_RESIDENT = "report.resident", lazy("Made a progress report")
    REPORT_RESIDENT_REFUSED = "report.resident_refused", lazy("Progress report refused (consent)")
    REPORT_SIGN_IN_SHEET = "report.sign_in_sheet", lazy("Made a sign-in sheet")
    REPORT_MEETING_MINUTES = "report.meeting_minutes", lazy("Made meeting minutes")
    REPORT_SAVED = "report.saved", lazy("Saved a report as a file")
    REPORT_PRINTED = "report.printed", lazy("Printed a report")
    BACKUP_CREATE = "backup.create", lazy("Backed up")
    BACKUP_FAILED = "backup.failed", lazy("Backup failed")
    BACKUP_FOLDER = "backup.folder", lazy("Changed the backup folder")
    BACKUP_PRUNE = "backup.prune", lazy("Removed old automatic backups")
    BACKUP_RESTORE = "backup.restore", lazy("Restored a backup")


ENTITY_WORDS: dict[str, Message] = {
    "staff": lazy("Staff account"), "resident": lazy("Resident"), "house": lazy("House"),
    "phase": lazy("Phase"), "setting": lazy("Setting"), "checkin": lazy("Check-in"),
    "signout": lazy("Sign-out"), "outside_meeting": lazy("Outside meeting"),
    "meeting": lazy("Meeting"), "chore": lazy("Chore"), "chore_assignment": lazy("Chore"),
    "screen": lazy("Screen"), "screen_draw": lazy("Screen draw"),
    "incident": lazy("Incident"), "goal": lazy("Goal"), "goal_step": lazy("Goal step"),
    "mentor": lazy("Mentoring"), "consent": lazy("Consent"), "resource": lazy("Resource"),
    "backup": lazy("Backup"), "database": lazy("Records"),
    "screendraw": lazy("Screen draw"), "setup": lazy("Setup"),
    "attendance": lazy("Attendance"), "mentor_session": lazy("Mentor session"),
}


def action_text(code: str) -> str:
    """'Read high cravings' for 'checkin.high_cravings.read'; an action this list does not
    know yet still reads as words ('kiosk.new_thing' → 'Kiosk: new thing')."""
    if code in Action._value2member_map_:
        return Action(code).words
    area, _, rest = code.partition(".")
    words = rest.replace(".", " ").replace("_", " ")
    return f"{area.replace('_', ' ').capitalize()}: {words}" if words else code.capitalize()


def entity_text(entity: str) -> str:
    """The words for a kind of record, in the current language."""
    words = ENTITY_WORDS.get(entity)
    return str(words) if words is not None else entity.replace("_", " ").capitalize()


def who_text(actor: str, names: dict[str, str]) -> str:
    """'Olivia Owner' for a staff account (by its display name), 'PeerHouse' for the
    program itself, 'Resident #12 (kiosk)' for a resident (the log names records by
    number only)."""
    if actor in names:
        return names[actor]
    if actor == "system":
        return "PeerHouse"
    if actor.startswith("resident:"):
        return _("Resident #{number} (kiosk)").format(number=actor.split(":", 1)[1])
    return actor
