"""The manager program's hand-off to the resident kiosk on the same screen, a part
`ManagerApp` holds.

"Start kiosk" logs the manager out first (after asking), so no manager screen stays one
step away from a resident; leaving the kiosk needs a staff password and comes back to
the sign-in window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from peerhouse.app.startup import State
from peerhouse.i18n import _
from peerhouse.services import kiosk
from peerhouse.ui.errors import report_error
from peerhouse.ui.workers import run_task

if TYPE_CHECKING:
    from peerhouse.ui.app import ManagerApp


class KioskMode:
    """Gives the screen of `app` to the kiosk and takes it back (moving its state machine)."""

    def __init__(self, app: ManagerApp) -> None:
        self.app = app
        self.window: QWidget | None = None  # the kiosk, while it has the screen
        self.full_screen = True

    def start(self) -> None:
        """Log the manager out and give the screen to the resident kiosk (audited)."""
        app = self.app
        if app.ctx is None or app.store is None:
            return
        store, actor, house_id = app.store, app.ctx.actor, app.ctx.house_id
        app.machine.go(State.KIOSK)  # first: a move the table refuses tears nothing down
        app.end_session()

        def failed(exc: BaseException) -> None:
            report_error(exc, None, _("The kiosk could not start"))
            app.show_login()

        run_task(kiosk.start, store, actor, house_id,
                 on_success=lambda _r: self._show(house_id), on_failure=failed)

    def _show(self, house_id: int) -> None:
        from peerhouse.ui.kiosk.window import KioskWindow  # only when a kiosk is wanted

        app = self.app
        assert app.store is not None
        window = KioskWindow(app.paths, app.store, house_id=house_id)
        window.closed.connect(self._closed)
        self.window = window
        app.dialog = window
        if self.full_screen:
            window.open_full_screen()
        else:
            window.resize(1280, 800)
            app.show_window(window)

    def _closed(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        self.app.show_login()
