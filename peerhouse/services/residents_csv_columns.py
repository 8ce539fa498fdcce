"""The columns of a residents CSV file and the limits of one import, in words for
`peerhouse import residents --help` (this module imports nothing, so help stays quick)."""

from __future__ import annotations

MAX_ROWS = 2500  # residents in one file: its write holds the lock ~0.5 s (`make bench`)
MAX_BYTES = 5 * 1024 * 1024
LIMITS_TEXT = f"{MAX_ROWS:,} residents and {MAX_BYTES // (1024 * 1024)} MB"

# Columns import reads (and export writes), in order.
COLUMNS = (
    "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "bed", "status",
    "move_in_date", "sobriety_date", "phase", "emergency_contact_name",
    "emergency_contact_phone", "sponsor_name", "sponsor_phone", "celebrate_milestones_publicly",
)
# Written by export for the reader's information; import accepts and ignores them.
INFO_COLUMNS = ("move_out_date", "exit_reason", "house")
REQUIRED = ("first_name", "last_name")
SEPARATORS = {",": "','", ";": "';'", "\t": "tabs"}


def columns_help() -> str:
    """The columns and formats, for `peerhouse import residents --help`."""
    return (
        "The first row names the columns (in any order; 'First name' works as well as "
        f"first_name). Required: {', '.join(REQUIRED)}. The others: "
        f"{', '.join(c for c in COLUMNS if c not in REQUIRED)}. Dates are written "
        "YYYY-MM-DD; status is active (the default) or applicant; phase is one of the "
        "house's phase names; celebrate_milestones_publicly is yes or no. A file exported by "
        f"PeerHouse also has {', '.join(INFO_COLUMNS)}, which are ignored. Save the file as "
        "CSV UTF-8; commas, semicolons or tabs between columns all work. At most "
        f"{LIMITS_TEXT} at a time. Nothing is imported unless every row is right; someone "
        "who may already be in the house or twice in the file (same name and date of birth, "
        "or same name and move-in date) is listed, and imported only with --allow-duplicates."
    )
