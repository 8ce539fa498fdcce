"""The one table of how long each kind of text may be, and whether it may span lines.

The services check every text they store against it (`validate.text`), and the windows
read the same numbers to stop typing at the limit or count down near it
(`peerhouse.ui.widgets.text_limits`), so a form never accepts what the service refuses.
Lengths count characters as Python does (an emoji is one).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextLimit:
    """At most `max_len` characters; `lines`: a note, which may hold line breaks and tabs."""

    max_len: int
    lines: bool = False


NAME = TextLimit(80)  # a resident's first, last or preferred name
FULL_NAME = TextLimit(120)  # a whole name: a contact, a sponsor, a staff member, a facilitator
USERNAME = TextLimit(60)
BED = TextLimit(20)
PHONE = TextLimit(40)
PHASE_NAME = TextLimit(60)
TITLE = TextLimit(120)  # a house, chore or area name
LINE = TextLimit(200)  # one line: a topic, place, destination, goal, recipient, resource
LONG_LINE = TextLimit(300)  # an address, a goal's step
SHORT_NOTE = TextLimit(500)  # one line of a note: a reason, a check-in's words, a chore note
SETTING = TextLimit(1000)
SEED = TextLimit(64)  # a random draw's seed
NOTE = TextLimit(4000, lines=True)  # notes, instructions, what was done
LONG_NOTE = TextLimit(20000, lines=True)  # meeting minutes and decisions, what happened
