"""The manager window: a sidebar of sections the logged-in role may see, and a top bar.

Sections are built on their first visit (so signing in builds only Today) and then
kept, so switching back and forth (or locking the window when idle) never loses what
someone was typing. Closing the window or logging
out asks first while a section or an open form holds input that is not saved yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.i18n import _
from peerhouse.models.enums import Role
from peerhouse.models.houses import House
from peerhouse.services import houses
from peerhouse.ui.context import AppContext
from peerhouse.ui.help import HelpWindow
from peerhouse.ui.manager.live import LiveUpdates
from peerhouse.ui.manager.section import Section
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.access import acts_as
from peerhouse.ui.widgets.common import SafeDialog, ask, button, leave_question
from peerhouse.ui.widgets.page_scroll import PageScroll

# (module, class) of every section, in sidebar order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("peerhouse.ui.manager.today.section", "TodaySection"),
    ("peerhouse.ui.manager.residents.section", "ResidentsSection"),
    ("peerhouse.ui.manager.meetings.section", "MeetingsSection"),
    ("peerhouse.ui.manager.chores.section", "ChoresSection"),
    ("peerhouse.ui.manager.accountability.section", "AccountabilitySection"),
    ("peerhouse.ui.manager.reports.section", "ReportsSection"),
    ("peerhouse.ui.manager.settings.section", "SettingsSection"),
)


def role_name(role: str) -> str:
    """The signed-in role as the top bar names it, after the person's name."""
    names = {Role.STAFF.value: _("staff"), Role.MANAGER.value: _("manager"),
             Role.OWNER.value: _("owner")}
    return names.get(str(role), str(role))


def section_classes() -> list[type[Section]]:
    return [getattr(importlib.import_module(mod), cls) for mod, cls in SECTIONS]


class MainWindow(QMainWindow):
    logout_requested = Signal()
    kiosk_requested = Signal()
    lock_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("PeerHouse")
        # The sections this role may see, in sidebar order; `sections` holds those built.
        self._classes = {c.key: c for c in section_classes() if ctx.can(c.permission)}
        self.sections: dict[str, Section] = {}
        self._slots: dict[str, QVBoxLayout] = {}
        self._leave_ok = False  # the person said "leave anyway", or logging out does it

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(210)
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setSpacing(2)
        self.stack = QStackedWidget()

        for i, cls in enumerate(self._classes.values()):
            slot = QWidget()  # the section moves in on its first visit
            slot.setObjectName(f"Slot_{cls.key}")
            self._slots[cls.key] = slot_layout = QVBoxLayout(slot)
            slot_layout.setContentsMargins(0, 0, 0, 0)
            # Smaller than the section needs (a small screen, large scaling): it scrolls.
            self.stack.addWidget(PageScroll(slot))
            title = str(cls.title)  # a lazy message: in the window's language
            item = QListWidgetItem(icon(cls.icon_name or cls.key), title)
            item.setData(Qt.ItemDataRole.UserRole, cls.key)
            item.setSizeHint(QSize(190, 42))  # styled padding is not part of the item's hint
            item.setToolTip(_("{section} (Ctrl+{n})").format(section=title, n=i + 1))
            self.sidebar.addItem(item)
            self._shortcut(f"Ctrl+{i + 1}", lambda key=cls.key: self.show_section(key))
        self.sidebar.currentRowChanged.connect(self._row_picked)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._top_bar())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        ctx.bus.open_resident.connect(self._open_resident)
        ctx.bus.open_section.connect(self.show_section)
        self.sidebar.setCurrentRow(0)
        self.live = LiveUpdates(ctx, self)  # what other processes save, and notices
        self.help: HelpWindow | None = None

    # -- layout ----------------------------------------------------------------
    def _top_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("TopBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        brand = QLabel("PeerHouse")
        brand.setObjectName("PageTitle")
        row.addWidget(brand)
        row.addSpacing(16)
        self.house_box = QComboBox()
        self.house_box.setAccessibleName(_("House"))
        self.house_box.setMinimumWidth(200)
        self._fill_houses()
        self.house_box.currentIndexChanged.connect(self._house_picked)
        self.ctx.bus.changed.connect(
            lambda changes, _by: self._fill_houses() if changes.touches(RecordKind.HOUSES)
            else None)
        row.addWidget(self.house_box)
        row.addStretch(1)
        who = QLabel(f"{self.ctx.display_name} · {role_name(self.ctx.actor.role)}")
        who.setObjectName("Muted")
        row.addWidget(who)
        help_button = button(_("Help"), tip=_("The user guide, open at this page (F1)"))
        acts_as(help_button, self._shortcut("F1", self.open_help))  # F1 works anywhere here
        row.addWidget(help_button)
        lock = button(_("Lock"), "lock", on_click=self.lock_requested.emit,
                      tip=_("Lock (Ctrl+L)"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        row.addWidget(lock)
        kiosk = button(_("Start kiosk"), "kiosk", on_click=self.request_kiosk,
                       tip=_("Turn this screen into the resident kiosk (logs you out)"))
        row.addWidget(kiosk)
        row.addWidget(button(_("Log out"), "logout", on_click=self.request_logout))
        return bar

    def _fill_houses(self) -> None:
        """The house picker: shown once there is more than one house to choose from."""
        self.house_box.setVisible(self.house_box.count() > 1)
        run_op(self, ReadOp(houses.list_houses)).success(self._show_houses).run()

    def _show_houses(self, house_list: list[House]) -> None:
        self.house_box.blockSignals(True)
        self.house_box.clear()
        for h in house_list:
            self.house_box.addItem(h.name, h.id)
        self.house_box.setCurrentIndex(max(0, self.house_box.findData(self.ctx.house_id)))
        self.house_box.blockSignals(False)
        self.house_box.setVisible(self.house_box.count() > 1)

    def _shortcut(self, keys: str, fn: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        # Not `connect(fn)`: triggered(bool) would hand its `checked` to fn's first default.
        action.triggered.connect(lambda _checked=False: fn())
        self.addAction(action)
        return action

    # -- navigation ------------------------------------------------------------
    @property
    def section_keys(self) -> list[str]:
        """Every section this role may see, built or not, in sidebar order."""
        return list(self._classes)

    def section(self, key: str) -> Section:
        """The section `key`, built now if it was never shown (KeyError: not for this role)."""
        page = self.sections.get(key)
        if page is None:
            page = self._classes[key](self.ctx)
            self.sections[key] = page
            self._slots[key].addWidget(page)
        return page

    def current_section(self) -> Section | None:
        row = self.sidebar.currentRow()
        return None if row < 0 else self.sections.get(self.section_keys[row])

    def _row_picked(self, row: int) -> None:
        if row >= 0:
            self.section(self.section_keys[row])  # before it shows: it loads when shown
        self.stack.setCurrentIndex(row)

    def show_section(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.setCurrentRow(row)
                return

    def open_help(self) -> None:
        """F1 / Help: the guide's page for the section on screen."""
        if self.help is None:
            self.help = HelpWindow(self)
        page = self.current_section()
        self.help.show_page(page.key if page is not None else "index")

    def _open_resident(self, resident_id: int) -> None:
        if "residents" in self._classes:
            page = self.section("residents")
            self.show_section("residents")
            opener = getattr(page, "open_resident", None)
            if opener is not None:
                opener(resident_id)

    def _house_picked(self, index: int) -> None:
        house_id = self.house_box.itemData(index)
        if house_id is not None and house_id != self.ctx.house_id:
            self.ctx.house_id = int(house_id)
            self.ctx.bus.house_changed.emit(self.ctx.house_id)

    # -- leaving -------------------------------------------------------------------
    def unsaved_work(self, dialogs: Iterable[QWidget] | None = None) -> list[str]:
        """Titles of the sections (and open forms) holding input that is not saved yet.

        `dialogs` are the forms to check (default: those on screen now).
        """
        titles = [str(page.title) for page in self.sections.values()
                  if page.has_unsaved_changes()]
        if dialogs is None:
            dialogs = [d for d in self.findChildren(SafeDialog) if d.isVisible()]
        for dialog in dialogs:
            if isinstance(dialog, SafeDialog) and dialog.is_dirty():
                titles.append(dialog.windowTitle() or _("An open form"))
        return titles

    def ask_to_leave(self, titles: list[str], yes: str, on_yes: Callable[[], object]) -> None:
        """'Some changes are not saved yet (…). Leave anyway?' — `on_yes` only if they agree."""
        ask(self, _("Leave without saving?"), leave_question(titles), yes, on_yes)

    def request_logout(self) -> None:
        titles = self.unsaved_work()
        if not titles:
            self.logout_requested.emit()
            return
        self.ask_to_leave(titles, _("&Log out anyway"), self.logout_requested.emit)

    def request_kiosk(self) -> None:
        """Hand this screen to residents: log out first (so no manager screen stays
        reachable), after asking, and after any unsaved input has been dealt with."""
        titles = self.unsaved_work()
        text = _("The kiosk fills the screen for residents and you are logged out. "
                 "Leaving the kiosk needs a staff password.")
        if titles:
            text = f"{leave_question(titles)}\n\n{text}"
        ask(self, _("Start the kiosk?"), text, _("&Start kiosk"), self.kiosk_requested.emit)

    def discard_and_close(self) -> None:
        """Close without asking (logging out: the person has already agreed)."""
        self._leave_ok = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        titles = [] if self._leave_ok else self.unsaved_work()
        if titles:
            event.ignore()
            self.ask_to_leave(titles, _("&Close anyway"), self.discard_and_close)
            return
        self.live.stop()
        super().closeEvent(event)
        self.closed.emit()
