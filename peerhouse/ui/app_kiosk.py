"""The manager app's hand-off to the resident kiosk on the same screen, kept out of app.py.

"Start kiosk" logs the manager out first (after asking), so no manager screen stays one
step away from a resident; leaving the kiosk needs a staff password and comes back to
the sign-in window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from peerhouse.paths import DataPaths
from peerhouse.services import kiosk
from peerhouse.store.engine import Store
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.workers import run_task


class KioskHandoff:
    """Mixed into ManagerApp, whose attributes and methods below it relies on."""

    paths: DataPaths
    store: Store | None
    ctx: AppContext | None
    dialog: QWidget | None
    _hidden: list[QWidget]
    kiosk_window: QWidget | None
    kiosk_full_screen: bool

    if TYPE_CHECKING:
        def show_login(self) -> None: ...
        def _show(self, widget: QWidget) -> None: ...
        def _end_session(self, hidden: list[QWidget]) -> None: ...

    def start_kiosk(self) -> None:
        """Log the manager out and give the screen to the resident kiosk (audited).

        Leaving the kiosk (a staff password) comes back to the login window, so no
        manager screen is ever one step away from a resident.
        """
        if self.ctx is None or self.store is None:
            return
        store, actor, house_id = self.store, self.ctx.actor, self.ctx.house_id
        hidden, self._hidden = self._hidden, []
        self._end_session(hidden)

        def failed(exc: BaseException) -> None:
            report_error(exc, None, "The kiosk could not start")
            self.show_login()

        run_task(kiosk.start, store, actor, house_id,
                 on_success=lambda _r: self._show_kiosk(house_id), on_failure=failed)

    def _show_kiosk(self, house_id: int) -> None:
        from peerhouse.ui.kiosk.window import KioskWindow  # only when a kiosk is wanted

        assert self.store is not None
        window = KioskWindow(self.paths, self.store, house_id=house_id)
        window.closed.connect(self._kiosk_closed)
        self.kiosk_window = window
        self.dialog = window
        if self.kiosk_full_screen:
            window.open_full_screen()
        else:
            window.resize(1280, 800)
            self._show(window)

    def _kiosk_closed(self) -> None:
        window, self.kiosk_window = self.kiosk_window, None
        if window is not None:
            window.deleteLater()
        self.show_login()
