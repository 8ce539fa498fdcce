"""The columns of a residents CSV file and the limits of one import, in words for
`peerhouse import residents --help` (this module imports only the catalogs, so help stays
quick)."""

from __future__ import annotations

from peerhouse.i18n import Message, _, lazy

MAX_ROWS = 2500  # residents in one file: its write holds the lock ~0.5 s (`make bench`)
MAX_BYTES = 5 * 1024 * 1024
LIMITS_TEXT = f"{MAX_ROWS:,} residents and {MAX_BYTES // (1024 * 1024)} MB"

# Columns import reads (and export writes), in order.
COLUMNS = (
    "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "bed", "status",
    "move_in_date", "sobriety_date", "phase", "emergency_contact_name",
    "emergency_contact_phone", "sponsor_name", "sponsor_phone", "celebrate_milestones_publicly",
    "language",
)
# Written by export for the reader's information; import accepts and ignores them.
INFO_COLUMNS = ("move_out_date", "exit_reason", "house")
REQUIRED = ("first_name", "last_name")
SEPARATORS = {",": "','", ";": "';'", "\t": "tabs"}


def limits_text() -> Message:
    """The limits of one import, in words (LIMITS_TEXT in the reader's language)."""
    rows, mb = f"{MAX_ROWS:,}", MAX_BYTES // (1024 * 1024)
    return lazy("{rows} residents and {mb} MB", rows=rows, mb=mb)


def columns_help() -> str:
    """The columns and formats, for `peerhouse import residents --help`."""
    return _(
        "The first row names the columns (in any order; 'First name' works as well as "
        "first_name). Required: {required}. The others: {others}. Dates are written "
        "YYYY-MM-DD; status is active (the default) or applicant; phase is one of the "
        "house's phase names; celebrate_milestones_publicly is yes or no; language is en "
        "(English) or es (Spanish; 'English', 'Spanish' and 'Español' work too), and a blank "
        "one is the house's language. A file exported by PeerHouse also has {info}, which "
        "are ignored. Save the file as CSV UTF-8; commas, semicolons or tabs between columns "
        "all work. At most {limits} at a time. Nothing is imported unless every row is "
        "right; someone who may already be in the house or twice in the file (same name and "
        "date of birth, or same name and move-in date) is listed, and imported only with "
        "--allow-duplicates."
    ).format(required=", ".join(REQUIRED),
             others=", ".join(c for c in COLUMNS if c not in REQUIRED),
             info=", ".join(INFO_COLUMNS), limits=limits_text())
