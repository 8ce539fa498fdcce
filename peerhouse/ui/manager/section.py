"""The base of every manager-window section: a title, an icon, a permission, a refresh.

A section loads its data with `self.load(ReadOp(…), apply)`: the read runs through the
one runner (`run_op`, on the shared pool), `apply` fills the widgets on the UI thread.
It refreshes when shown, when the bus says something it shows has changed (`watches`, in
its house; or that another process saved something: `Changes.everything`), when another
house is chosen, and on F5.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.ops_runner import run_op

R = TypeVar("R")
# How a section's parts load through it: `load(ReadOp(…), apply)`.
Loader = Callable[[ReadOp[Any], Callable[[Any], None]], None]


class Section(QWidget):
    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    icon_name: ClassVar[str] = ""  # the navigation icon; "" names it after `key`
    # The section is shown only to roles with this permission.
    permission: ClassVar[Perm] = Perm.HOUSES_READ
    # The kinds of records whose changes make this section reload.
    watches: ClassVar[tuple[RecordKind, ...]] = ()
    # Loads drop a result asked for another house: after a house switch, the old house's
    # rows must not land on top of the new house's.
    house_bound: ClassVar[bool] = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._loading = 0
        self.setObjectName(f"Section_{self.key}")
        ctx.bus.changed.connect(self._on_changed)
        ctx.bus.house_changed.connect(lambda _id: self._house_changed())
        # F5 reloads the section on show (only a visible widget's shortcut is active, so
        # the one section shown answers it).
        self.refresh_shortcut = QShortcut(QKeySequence("F5"), self, self.refresh_requested)

    # -- loading ---------------------------------------------------------------
    def refresh(self) -> None:
        """Reload everything shown. Subclasses override; called when shown if stale."""

    def refresh_requested(self) -> None:
        """F5: the person asked for the latest."""
        self.refresh()

    def has_unsaved_changes(self) -> bool:
        """True while the section holds input that is not saved yet (an edited form).

        Closing the window or logging out asks first when any section says so.
        """
        return False

    def load(self, op: ReadOp[R], apply: Callable[[R], None]) -> None:
        """Run the read `op` through the runner and `apply` its result, unless the section
        was deleted (logged out) or, for a section of one house, shows another house now."""
        if not isinstance(op, ReadOp):
            raise TypeError("Section.load reads the records: give it a ReadOp")
        house_id = self.ctx.house_id
        self._loading += 1

        def ok(result: R) -> None:
            self._loading -= 1
            apply(result)

        def dropped() -> None:
            self._loading -= 1

        def fail(exc: BaseException) -> None:
            self._loading -= 1
            from peerhouse.ui.errors import report_error

            report_error(exc, self)

        run = run_op(self, op).success(ok).failure(fail)
        if self.house_bound:
            run.wanted(lambda: house_id == self.ctx.house_id, dropped)
        run.run()

    @property
    def busy(self) -> bool:
        return self._loading > 0

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        house = self.ctx.house_id if self.house_bound else None
        if changes.touches(*self.watches, house_id=house):
            self.mark_stale()

    def _house_changed(self) -> None:
        self.mark_stale()

    def mark_stale(self) -> None:
        """What is shown may be out of date: reload now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()


def page_layout(widget: QWidget, title: str, subtitle: str = "") -> QVBoxLayout:
    """A section's standard layout: a heading, an optional muted line, then content."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(24, 18, 24, 18)
    layout.setSpacing(12)
    heading = QLabel(title)
    heading.setObjectName("PageTitle")
    layout.addWidget(heading)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("Muted")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return layout
