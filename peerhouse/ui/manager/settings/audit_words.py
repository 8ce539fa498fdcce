"""The audit log in words a house manager reads: 'Read high cravings', not
'checkin.high_cravings.read'; 'Olivia Owner', not 'olivia (staff:1)'.

The stored codes stay as they are (the filters and the chain use them); the log shows
them in a tooltip for anyone who needs the exact entry.
"""

from __future__ import annotations

ACTION_WORDS: dict[str, str] = {
    # staff sign-in and accounts
    "login.attempt": "Login started (password being checked)",
    "login.success": "Logged in",
    "login.failed": "Login failed (wrong username or password)",
    "login.refused": "Login refused (account locked for now)",
    "account.create": "Added a staff account",
    "account.update": "Changed a staff account",
    "account.password": "Changed a password",
    "account.recover": "Unlocked an account with the recovery code",
    "keys.owner_slot": "Owner key moved to another owner",
    "keys.recovery_code": "Made a new recovery code",
    "database.create": "Records created",
    "demo.generate": "Added demo data",
    # the kiosk
    "kiosk.open": "Started the kiosk",
    "kiosk.close": "Closed the kiosk",
    "kiosk.login": "Resident logged in at the kiosk",
    "kiosk.login_failed": "Kiosk login failed (wrong PIN)",
    "kiosk.login_refused": "Kiosk login refused (locked for now)",
    # the house
    "house.create": "Added a house",
    "house.update": "Changed house rules",
    "phase.save": "Saved a phase",
    "setting.update": "Changed a setting",
    "resource.create": "Added a resource",
    "resource.edit": "Changed a resource",
    "resource.delete": "Deleted a resource",
    "resource.seed": "Added the standard crisis lines",
    # residents
    "resident.admit": "Admitted a resident",
    "resident.activate": "Resident moved in",
    "resident.edit": "Changed a resident's details",
    "resident.discharge": "Recorded a move-out",
    "resident.move": "Moved a resident to another house",
    "resident.read": "Opened a resident's page",
    "resident.sobriety_date": "Changed a sobriety date",
    "resident.sobriety_history.read": "Read sobriety-date history",
    "resident.pin.reset": "Gave a temporary kiosk PIN",
    "resident.pin.choose": "Resident chose a new PIN",
    "residents.import": "Imported residents",
    "residents.export": "Exported residents",
    # accountability
    "checkin.create": "Check-in recorded",
    "checkin.update": "Check-in changed",
    "checkin.read": "Read check-ins",
    "checkin.high_cravings.read": "Read high cravings",
    "checkin.talk_followed_up": "Followed up a request to talk",
    "checkin.attention.notify": "Showed a desktop notice: someone asked for attention",
    "signout.out": "Signed out",
    "signout.in": "Signed back in",
    "signout.correct": "Corrected a sign-out",
    "outside_meeting.log": "Logged an outside meeting",
    "outside_meeting.verify": "Saw an outside-meeting slip",
    "outside_meeting.remove": "Removed an outside meeting",
    "screen.record": "Recorded a screen",
    "screen.read": "Read screens",
    "screen.draw": "Made a random screen draw",
    "incident.record": "Recorded an incident",
    "incident.edit": "Corrected an incident",
    "incident.read": "Read incidents",
    # meetings and chores
    "meeting.schedule": "Scheduled a meeting",
    "meeting.schedule_series": "Scheduled a weekly series of meetings",
    "meeting.edit": "Changed a meeting",
    "meeting.cancel": "Canceled a meeting",
    "meeting.held": "Saved meeting minutes",
    "meeting.minutes": "Saved minutes before the meeting started",
    "meeting.attendance": "Took attendance",
    "meeting.attendance_all_present": "Marked everyone present",
    "chore.create": "Added a chore",
    "chore.edit": "Changed a chore",
    "chore.deactivate": "Stopped a chore",
    "chore.generate_week": "Generated a week of chores",
    "chore.done": "Chore marked done",
    "chore.verify": "Chore verified",
    "chore.excuse": "Chore excused",
    "chore.missed": "Chore marked missed",
    "chore.mark_overdue_missed": "Marked overdue chores as missed",
    # growth
    "goal.create": "Set a goal",
    "goal.edit": "Changed a goal",
    "goal.status": "Changed a goal's status",
    "goal.review_date": "Changed a goal's review date",
    "goal.read": "Read goals",
    "goal.note.add": "Added a progress note",
    "goal.step.add": "Added a goal step",
    "goal.step.edit": "Changed a goal step",
    "goal.step.done": "Checked off a goal step",
    "goal.step.reopen": "Reopened a goal step",
    "goal.step.remove": "Removed a goal step",
    "mentor.assign": "Paired a peer mentor",
    "mentor.clear": "Ended a mentor pairing",
    "mentor.session.log": "Logged a mentoring session",
    "mentor.session.read": "Read mentoring sessions",
    "consent.record": "Recorded a consent",
    "consent.revoke": "Revoked a consent",
    "consent.read": "Read consents",
    # papers and backups
    "report.weekly_board": "Made the house board",
    "report.weekly_summary": "Made the manager summary",
    "report.resident": "Made a progress report",
    "report.resident_refused": "Progress report refused (consent)",
    "report.sign_in_sheet": "Made a sign-in sheet",
    "report.meeting_minutes": "Made meeting minutes",
    "report.saved": "Saved a report as a file",
    "report.printed": "Printed a report",
    "backup.create": "Backed up",
    "backup.failed": "Backup failed",
    "backup.folder": "Changed the backup folder",
    "backup.prune": "Removed old automatic backups",
    "backup.restore": "Restored a backup",
}

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
    if code in ACTION_WORDS:
        return ACTION_WORDS[code]
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
