"""How a time of day reads on every screen and every paper: '7:05 PM'.

Shared by the windows (peerhouse.ui) and the PDFs (peerhouse.reports), so a meeting time
never reads one way on the screen and another on the notice board. strftime's %I / %p
depend on the platform and locale, so the text is built by hand.
"""

from __future__ import annotations

from datetime import datetime, time


def clock_text(at: datetime | time) -> str:
    """'7:05 PM'."""
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"
