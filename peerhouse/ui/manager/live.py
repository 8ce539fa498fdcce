"""Keeps an open manager window up to date with what other processes save.

Every second a ChangeWatch (store/changes.py) asks SQLite whether another process has
committed: a few microseconds, nothing read from disk and nothing written while nothing
changes. When one has (a kiosk check-in, a command-line import):

1. the requests for attention are checked (services/attention.py): a new "I'd like to
   talk" or high craving shows a desktop notice without a name (ui/manager/notice.py),
   unless Settings turned notices off, and Today marks it "New";
2. the bus carries `EVERYTHING` (what changed is not known): the section on screen
   reloads at once, the others when next shown.

This goes on while the window is minimised or locked (the poll and its answer are not
held by the lock: they show nothing but the notice, and hidden sections only note that
they are out of date).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from peerhouse.app.changes import EVERYTHING
from peerhouse.app.records import ChangeWatch
from peerhouse.services import attention
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.notice import AttentionNotice
from peerhouse.ui.workers import run_task

log = logging.getLogger(__name__)
POLL_MS = 1000  # a change shows within about a second (the issue allows two)


class LiveUpdates(QObject):
    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.notice = AttentionNotice(window)
        self.notice.clicked.connect(self._open_today)
        self.watch: ChangeWatch | None = None
        self.seen: frozenset[int] | None = None  # requests known (None: not looked yet)
        self.arrived: frozenset[int] = frozenset()  # requests that came in while open
        self.checks = 0  # answers handled (tests wait on this)
        self._busy = self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        ctx.bus.house_changed.connect(self._house_changed)
        run_task(ChangeWatch, ctx.store, on_success=self._watching,
                 on_failure=lambda exc: self._failed("cannot watch for changes", exc),
                 owner=self, bypass_hold=True)
        self._look(refresh=False)  # what is open already is known, not news

    def _watching(self, watch: ChangeWatch) -> None:
        if self._stopped:
            watch.close()
            return
        self.watch = watch
        self.timer.start()

    def poll(self) -> None:
        """Has another process saved something? (The timer asks every second.)"""
        if self._busy or self.watch is None:
            return
        self._busy = True
        run_task(self.watch.changed_elsewhere, on_success=self._polled,
                 on_failure=lambda exc: self._failed("change check failed", exc),
                 owner=self, bypass_hold=True)

    def _polled(self, changed: bool) -> None:
        if changed and not self._stopped:
            self._look(refresh=True)  # still busy: one look at a time
        else:
            self._done()

    def _look(self, refresh: bool) -> None:
        if not self.ctx.can(Perm.CHECKINS_OVERVIEW):
            self._looked(None, refresh, self.ctx.house_id)
            return
        self._busy = True
        ctx, house_id = self.ctx, self.ctx.house_id
        run_task(attention.check, ctx.store, ctx.actor, house_id, self.seen,
                 on_success=lambda found: self._looked(found, refresh, house_id),
                 on_failure=lambda exc: self._looked(None, refresh, house_id, exc),
                 owner=self, bypass_hold=True)

    def _looked(self, found: attention.AttentionCheck | None, refresh: bool,
                house_id: int | None = None, exc: BaseException | None = None) -> None:
        if exc is not None:
            log.warning("attention check failed: %s", type(exc).__name__)
        if house_id != self.ctx.house_id and not self._stopped:
            self._look(refresh)  # another house was chosen meanwhile: look at that one
            return
        if found is not None and not self._stopped:
            self.seen = (self.seen or frozenset()) | found.open
            self.arrived |= found.new
            self.ctx.attention = found.open & self.arrived
            if found.new and found.notify:
                self.notice.show(len(found.new))
        if refresh and not self._stopped:
            self.ctx.broadcast(EVERYTHING)
        self._done()

    def _done(self) -> None:
        self._busy = False
        self.checks += 1

    def _failed(self, what: str, exc: BaseException) -> None:
        log.warning("%s: %s", what, type(exc).__name__)
        self._done()

    def _house_changed(self, _house_id: int) -> None:
        """Another house's requests: known from now on, none of them news."""
        self.seen, self.arrived = None, frozenset()
        self.ctx.attention = frozenset()
        if not self._busy:
            self._look(refresh=False)

    def _open_today(self) -> None:
        """The notice was clicked: Today, in front. A window the lock has put away stays
        hidden (it shows Today once unlocked)."""
        self.ctx.bus.open_section.emit("today")
        window = self.window
        if not window.isVisible():  # locked: only the password brings it back
            return
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def stop(self) -> None:
        """The window closes: no more polls, the watch's connection closed."""
        self._stopped = True
        self.timer.stop()
        self.notice.close()
        watch, self.watch = self.watch, None
        if watch is not None:
            watch.close()
