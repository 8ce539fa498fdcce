"""What every tab of the resident page shares: lazy loading, stale-result guarding, and
small form dialogs that show validation errors next to the field instead of closing.

A tab loads only when it is shown (so opening a resident does not read screens or
consents nobody looks at, and the audit trail records only real reads). Each load
is one `ReadOp` through the runner (`fetch`); a result that arrives after another
resident was opened is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.app.resident_page import Profile
from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _
from peerhouse.services.clock import zone
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import clock, date_text
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.operation_dialog import OperationDialog


def fmt_day(day: date | None, *, weekday: bool = False) -> str:
    """'Mar 3, 2026' (or 'Tue Mar 3, 2026'); '—' when there is none."""
    return date_text(day, weekday=weekday, empty="—")


def fmt_local(at: datetime, tz: str, *, with_time: bool = True) -> str:
    """A stored (UTC) instant as the house's local day (and time)."""
    local = at.astimezone(zone(tz))
    if not with_time:
        return fmt_day(local.date())
    return _("{day}, {time}").format(day=fmt_day(local.date()), time=clock(local))


class EmptyOr(QStackedWidget):
    """A table (or tree) that gives way to a friendly sentence when there is nothing to show."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.addWidget(content)
        box = QFrame()
        box.setObjectName("Card")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 24, 24, 24)
        self.message = QLabel("")
        self.message.setObjectName("Muted")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addStretch(1)
        inner.addWidget(self.message)
        inner.addStretch(2)
        self.addWidget(box)

    def set_empty(self, text: str) -> None:
        """Show `text` instead of the content, or the content again when `text` is empty."""
        self.message.setText(text)
        self.setCurrentIndex(1 if text else 0)

    @property
    def showing_empty(self) -> bool:
        return self.currentIndex() == 1


class ResidentTab(QWidget):
    """One tab of the resident page. Subclasses set `permission` and `watches`; its title
    (with its Alt+letter) is in the page's table of tabs."""

    permission: ClassVar[Perm] = Perm.RESIDENTS_READ
    # The kinds of records whose changes make this tab reload.
    watches: ClassVar[tuple[RecordKind, ...]] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: Profile | None = None
        self.stale = True
        self._generation = 0
        self._loading = 0
        self.dialog: OperationDialog | None = None  # the form open now (tests reach it)
        self.body: EmptyOr | None = None  # the content, or why there is none

    @property
    def resident_id(self) -> int | None:
        return self.profile.resident.id if self.profile else None

    @property
    def busy(self) -> bool:
        return self._loading > 0

    def set_profile(self, profile: Profile, *, new_resident: bool) -> None:
        """A (re)loaded profile: the tab becomes stale and forgets a previous resident."""
        if new_resident:
            self._generation += 1
            self.clear()
            if self.body is not None:
                self.body.set_empty(_("Loading…"))
        self.profile = profile
        self.stale = True

    def clear(self) -> None:
        """Empty the widgets while another resident loads (the body then says
        "Loading…"). Subclasses override."""

    def refresh(self) -> None:
        """Start loading this tab's data. Subclasses override."""

    def ensure_loaded(self) -> None:
        if self.stale and self.profile is not None:
            self.stale = False
            self.refresh()

    def column(self, spacing: int = 8) -> QVBoxLayout:
        """The tab's layout: one column inside the page's margins."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(spacing)
        return layout

    def add_body(self, layout: QVBoxLayout, content: QWidget) -> EmptyOr:
        """The tab's content, which gives way to a sentence ("Loading…", "No goals yet")."""
        self.body = EmptyOr(content)
        layout.addWidget(self.body, 1)
        return self.body

    def fetch_resident(self, fn: Callable[..., Any], *args: Any,
                       apply: Callable[[Any], None], audited: bool = False) -> None:
        """`fetch` of `ReadOp(fn, resident id, *args)`: a read (a service, or a function of
        a Unit) about the resident shown (nothing before one is)."""
        if self.resident_id is not None:
            self.fetch(ReadOp(fn, self.resident_id, *args, audited=audited), apply)

    def open_form(self, dialog: OperationDialog,
                  submit: Callable[[OperationDialog], None]) -> OperationDialog:
        """Open a form window-modally; `submit` saves it (through `save`, errors in place)."""
        dialog.on_submit = submit
        self.dialog = dialog
        dialog.open()
        return dialog

    def fetch(self, op: ReadOp[Any], apply: Callable[[Any], None]) -> None:
        """Run the read `op` through the runner; `apply` only if the same resident is still
        shown."""
        if not isinstance(op, ReadOp):
            raise TypeError("ResidentTab.fetch reads the records: give it a ReadOp")
        generation = self._generation
        self._loading += 1

        def done() -> None:
            self._loading -= 1

        def ok(result: Any) -> None:
            done()
            apply(result)

        def failed(exc: BaseException) -> None:
            done()
            if generation == self._generation:
                from peerhouse.ui.errors import report_error

                report_error(exc, self)

        run_op(self, op).success(ok).failure(failed).wanted(
            lambda: generation == self._generation, done).run()

    def save(self, op: WriteOp[Any], *, dialog: OperationDialog | None = None,
             done: Callable[[Any], None] | None = None) -> None:
        """Run a change through the runner (which tells every section what changed).

        Problems go to the dialog (next to the field) when there is one.
        """
        if dialog is not None:
            dialog.set_busy(True)
        self._loading += 1

        def ok(result: Any) -> None:
            self._loading -= 1
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.set_busy(False)
                dialog.accept()
            if done is not None:
                done(result)

        def failed(exc: BaseException) -> None:
            self._loading -= 1
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.set_busy(False)
                if isinstance(exc, PeerHouseError):
                    dialog.show_error(exc)
                    return
            from peerhouse.ui.errors import report_error

            report_error(exc, self)
            # Whatever the widgets now show (a ticked box, say) may not be true: reload.
            self.stale = True
            self.ensure_loaded()

        run_op(self, op).success(ok).failure(failed).run()


