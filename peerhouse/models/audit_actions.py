"""The audit trail's action codes, each with the words a house manager reads for it.

The stored codes stay short and stable (the filters and the hash chain use them); the
audit log shows the words ('Read high cravings', not 'checkin.high_cravings.read') and
the code in a tooltip. A code is declared once, here, with its words beside it: every
event the program writes names an `Action` (a test fails on a code without words).
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """An audit action code and its words (`Action.CHECKIN_READ.words`)."""

    words: str

    def __new__(cls, code: str, words: str = "") -> Action:
        member = str.__new__(cls, code)
        member._value_ = code
        member.words = words
        return member

    # staff sign-in and accounts
    LOGIN_ATTEMPT = "login.attempt", "Login started (password being checked)"
    LOGIN_SUCCESS = "login.success", "Logged in"
    LOGIN_FAILED = "login.failed", "Login failed (wrong username or password)"
    LOGIN_REFUSED = "login.refused", "Login refused (account locked for now)"
    ACCOUNT_CREATE = "account.create", "Added a staff account"
    ACCOUNT_UPDATE = "account.update", "Changed a staff account"
    ACCOUNT_PASSWORD = "account.password", "Changed a password"
    ACCOUNT_RECOVER = "account.recover", "Unlocked an account with the recovery code"
    ACCOUNT_RECOVER_REFUSED = "account.recover_refused", "Recovery code refused (wrong code)"
    KEYS_OWNER_SLOT = "keys.owner_slot", "Owner key moved to another owner"
    KEYS_RECOVERY_CODE = "keys.recovery_code", "Made a new recovery code"
    DATABASE_CREATE = "database.create", "Records created"
    RECORDS_SEAL = "records.seal", "Sealed the records"
    RECORDS_KEPT_AFTER_LOSS = ("records.kept_after_loss",
                               "Kept the records as they are after lost changes")
    DEMO_GENERATE = "demo.generate", "Added demo data"
    # the kiosk
    KIOSK_OPEN = "kiosk.open", "Started the kiosk"
    KIOSK_CLOSE = "kiosk.close", "Closed the kiosk"
    KIOSK_LOGIN_ATTEMPT = "kiosk.login_attempt", "Kiosk login started (PIN being checked)"
    KIOSK_LOGIN = "kiosk.login", "Resident logged in at the kiosk"
    KIOSK_LOGIN_FAILED = "kiosk.login_failed", "Kiosk login failed (wrong PIN)"
    KIOSK_LOGIN_REFUSED = "kiosk.login_refused", "Kiosk login refused (locked for now)"
    # the house
    HOUSE_CREATE = "house.create", "Added a house"
    HOUSE_UPDATE = "house.update", "Changed house rules"
    PHASE_SAVE = "phase.save", "Saved a phase"
    SETTING_UPDATE = "setting.update", "Changed a setting"
    LANGUAGE_SET = "language.set", "Chose a language"
    RESOURCE_CREATE = "resource.create", "Added a resource"
    RESOURCE_EDIT = "resource.edit", "Changed a resource"
    RESOURCE_DELETE = "resource.delete", "Deleted a resource"
    RESOURCE_SEED = "resource.seed", "Added the standard crisis lines"
    # residents
    RESIDENT_ADMIT = "resident.admit", "Admitted a resident"
    RESIDENT_ACTIVATE = "resident.activate", "Resident moved in"
    RESIDENT_EDIT = "resident.edit", "Changed a resident's details"
    RESIDENT_DISCHARGE = "resident.discharge", "Recorded a move-out"
    RESIDENT_MOVE = "resident.move", "Moved a resident to another house"
    RESIDENT_READ = "resident.read", "Opened a resident's page"
    RESIDENT_SOBRIETY_DATE = "resident.sobriety_date", "Changed a sobriety date"
    RESIDENT_SOBRIETY_HISTORY_READ = "resident.sobriety_history.read", "Read sobriety-date history"
    TIMELINE_READ = "timeline.read", "Read a resident's timeline"
    RESIDENT_PIN_RESET = "resident.pin.reset", "Gave a temporary kiosk PIN"
    RESIDENT_PIN_CHOOSE = "resident.pin.choose", "Resident chose a new PIN"
    RESIDENTS_IMPORT = "residents.import", "Imported residents"
    RESIDENTS_EXPORT = "residents.export", "Exported residents"
    # accountability
    CHECKIN_CREATE = "checkin.create", "Check-in recorded"
    CHECKIN_UPDATE = "checkin.update", "Check-in changed"
    CHECKIN_READ = "checkin.read", "Read check-ins"
    CHECKIN_HIGH_CRAVINGS_READ = "checkin.high_cravings.read", "Read high cravings"
    CHECKIN_TALK_FOLLOWED_UP = "checkin.talk_followed_up", "Followed up a request to talk"
    CHECKIN_ATTENTION_NOTIFY = ("checkin.attention.notify",
                                "Showed a desktop notice: someone asked for attention")
    SIGNOUT_OUT = "signout.out", "Signed out"
    SIGNOUT_IN = "signout.in", "Signed back in"
    SIGNOUT_CORRECT = "signout.correct", "Corrected a sign-out"
    OUTSIDE_MEETING_LOG = "outside_meeting.log", "Logged an outside meeting"
    OUTSIDE_MEETING_VERIFY = "outside_meeting.verify", "Saw an outside-meeting slip"
    OUTSIDE_MEETING_REMOVE = "outside_meeting.remove", "Removed an outside meeting"
    SCREEN_RECORD = "screen.record", "Recorded a screen"
    SCREEN_READ = "screen.read", "Read screens"
    SCREEN_DRAW = "screen.draw", "Made a random screen draw"
    INCIDENT_RECORD = "incident.record", "Recorded an incident"
    INCIDENT_EDIT = "incident.edit", "Corrected an incident"
    INCIDENT_READ = "incident.read", "Read incidents"
    # meetings and chores
    MEETING_SCHEDULE = "meeting.schedule", "Scheduled a meeting"
    MEETING_SCHEDULE_SERIES = "meeting.schedule_series", "Scheduled a weekly series of meetings"
    MEETING_EDIT = "meeting.edit", "Changed a meeting"
    MEETING_CANCEL = "meeting.cancel", "Canceled a meeting"
    MEETING_HELD = "meeting.held", "Saved meeting minutes"
    MEETING_MINUTES = "meeting.minutes", "Saved minutes before the meeting started"
    MEETING_ATTENDANCE = "meeting.attendance", "Took attendance"
    MEETING_ATTENDANCE_ALL_PRESENT = "meeting.attendance_all_present", "Marked everyone present"
    CHORE_CREATE = "chore.create", "Added a chore"
    CHORE_EDIT = "chore.edit", "Changed a chore"
    CHORE_DEACTIVATE = "chore.deactivate", "Stopped a chore"
    CHORE_GENERATE_WEEK = "chore.generate_week", "Generated a week of chores"
    CHORE_DONE = "chore.done", "Chore marked done"
    CHORE_VERIFY = "chore.verify", "Chore verified"
    CHORE_EXCUSE = "chore.excuse", "Chore excused"
    CHORE_MISSED = "chore.missed", "Chore marked missed"
    CHORE_MARK_OVERDUE_MISSED = "chore.mark_overdue_missed", "Marked overdue chores as missed"
    # growth
    GOAL_CREATE = "goal.create", "Set a goal"
    GOAL_EDIT = "goal.edit", "Changed a goal"
    GOAL_STATUS = "goal.status", "Changed a goal's status"
    GOAL_REVIEW_DATE = "goal.review_date", "Changed a goal's review date"
    GOAL_READ = "goal.read", "Read goals"
    GOAL_NOTE_ADD = "goal.note.add", "Added a progress note"
    GOAL_STEP_ADD = "goal.step.add", "Added a goal step"
    GOAL_STEP_EDIT = "goal.step.edit", "Changed a goal step"
    GOAL_STEP_DONE = "goal.step.done", "Checked off a goal step"
    GOAL_STEP_REOPEN = "goal.step.reopen", "Reopened a goal step"
    GOAL_STEP_REMOVE = "goal.step.remove", "Removed a goal step"
    MENTOR_ASSIGN = "mentor.assign", "Paired a peer mentor"
    MENTOR_CLEAR = "mentor.clear", "Ended a mentor pairing"
    MENTOR_SESSION_LOG = "mentor.session.log", "Logged a mentoring session"
    MENTOR_SESSION_READ = "mentor.session.read", "Read mentoring sessions"
    CONSENT_RECORD = "consent.record", "Recorded a consent"
    CONSENT_REVOKE = "consent.revoke", "Revoked a consent"
    CONSENT_READ = "consent.read", "Read consents"
    # papers and backups
    REPORT_WEEKLY_BOARD = "report.weekly_board", "Made the house board"
    REPORT_WEEKLY_SUMMARY = "report.weekly_summary", "Made the manager summary"
    REPORT_RESIDENT = "report.resident", "Made a progress report"
    REPORT_RESIDENT_REFUSED = "report.resident_refused", "Progress report refused (consent)"
    REPORT_SIGN_IN_SHEET = "report.sign_in_sheet", "Made a sign-in sheet"
    REPORT_MEETING_MINUTES = "report.meeting_minutes", "Made meeting minutes"
    REPORT_SAVED = "report.saved", "Saved a report as a file"
    REPORT_PRINTED = "report.printed", "Printed a report"
    BACKUP_CREATE = "backup.create", "Backed up"
    BACKUP_FAILED = "backup.failed", "Backup failed"
    BACKUP_FOLDER = "backup.folder", "Changed the backup folder"
    BACKUP_PRUNE = "backup.prune", "Removed old automatic backups"
    BACKUP_RESTORE = "backup.restore", "Restored a backup"


ENTITY_WORDS: dict[str, str] = {
    "staff": "Staff account", "resident": "Resident", "house": "House", "phase": "Phase",
    "setting": "Setting", "checkin": "Check-in", "signout": "Sign-out",
    "outside_meeting": "Outside meeting", "meeting": "Meeting", "chore": "Chore",
    "chore_assignment": "Chore", "screen": "Screen", "screen_draw": "Screen draw",
    "incident": "Incident", "goal": "Goal", "goal_step": "Goal step", "mentor": "Mentoring",
    "consent": "Consent", "resource": "Resource", "backup": "Backup", "database": "Records",
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
    return ENTITY_WORDS.get(entity, entity.replace("_", " ").capitalize())


def who_text(actor: str, names: dict[str, str]) -> str:
    """'Olivia Owner' for a staff account (by its display name), 'PeerHouse' for the
    program itself, 'Resident #12 (kiosk)' for a resident (the log names records by
    number only)."""
    if actor in names:
        return names[actor]
    if actor == "system":
        return "PeerHouse"
    if actor.startswith("resident:"):
        return f"Resident #{actor.split(':', 1)[1]} (kiosk)"
    return actor
