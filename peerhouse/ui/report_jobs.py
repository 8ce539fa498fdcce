"""The reports the windows can make: the application layer's pipelines (app/reports.py).

Kept under this name only for the windows that import it today; the bridge moves them to
`peerhouse.app.reports` and removes this module.
"""

from __future__ import annotations

from peerhouse.app.reports import (
    KIND_NAMES,
    PreparedReport,
    minutes_report,
    resident_report,
    sign_in_report,
    weekly_board_report,
    weekly_manager_report,
)

__all__ = ["KIND_NAMES", "PreparedReport", "minutes_report", "resident_report",
           "sign_in_report", "weekly_board_report", "weekly_manager_report"]
