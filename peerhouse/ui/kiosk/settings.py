"""The kiosk's settings (Settings → House → Screen lock and kiosk), read once at start.

Stored as text; anything unreadable keeps the default, and nothing is allowed so short
that a person cannot finish reading (the idle time) or choose "Do something else" on the
thank-you screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerhouse.app.records import Store
from peerhouse.services import houses
from peerhouse.ui.kiosk.widgets import SCALES

DEFAULT_IDLE_S = 60.0
MIN_IDLE_S = 10.0
DEFAULT_DONE_S = 10  # the thank-you screen's seconds
MIN_DONE_S = 8  # time enough to read it and choose "Do something else"
DEFAULT_SCALE = SCALES.index(1.0)


@dataclass(frozen=True)
class KioskSettings:
    idle_s: float = DEFAULT_IDLE_S
    done_s: int = DEFAULT_DONE_S
    scale_index: int = DEFAULT_SCALE  # the house's usual text size, as an A− / A+ step


def read_settings(store: Store) -> KioskSettings:
    """Runs off the UI thread."""
    idle = _number(houses.get_setting(store, "kiosk_idle_seconds"))
    done = _number(houses.get_setting(store, "kiosk_done_seconds"))
    size = _number(houses.get_setting(store, "kiosk_text_size"))
    return KioskSettings(
        idle_s=idle if idle is not None and idle >= MIN_IDLE_S else DEFAULT_IDLE_S,
        done_s=max(MIN_DONE_S, int(done)) if done is not None else DEFAULT_DONE_S,
        scale_index=(DEFAULT_SCALE if size is None else
                     min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - size))),
    )


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None
