"""One resident's page: a header (name, preferred name, status, phase, bed) and tabs for
the overview, the timeline, goals, peer mentoring, consents and the mood chart.

Only the tabs the role may see are built at all (staff get Overview and Timeline,
without notes or confidential entries). The header and Overview load together as the
"profile"; every other tab loads the first time it is shown, each as its own `ReadOp`
through the runner, so opening a resident never reads what nobody looks at.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.app.resident_page import profile_of
from peerhouse.i18n import Message, _, lazy
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.residents.form import LANGUAGE_NAMES
from peerhouse.ui.manager.residents.page.chart import ChartTab
from peerhouse.ui.manager.residents.page.consents import ConsentsTab
from peerhouse.ui.manager.residents.page.goals import GoalsTab
from peerhouse.ui.manager.residents.page.mentoring import MentoringTab
from peerhouse.ui.manager.residents.page.overview import STATUS_WORDS, OverviewTab
from peerhouse.ui.manager.residents.page.tab import Profile, ResidentTab
from peerhouse.ui.manager.residents.page.timeline import TimelineTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.common import button

T = TypeVar("T", bound=ResidentTab)
# (tab class, title with its Alt+letter mnemonic), in tab order.
TABS: tuple[tuple[type[ResidentTab], Message], ...] = (
    (OverviewTab, lazy("&Overview")), (TimelineTab, lazy("&Timeline")), (GoalsTab, lazy("&Goals")),
    (MentoringTab, lazy("&Mentoring")), (ConsentsTab, lazy("&Consents")),
    (ChartTab, lazy("C&hart")),
)
# Changes that alter the header/profile (and so every tab's view of the resident).
PROFILE_KINDS = (RecordKind.RESIDENTS, RecordKind.MENTORING)


class _TabOf(Generic[T]):
    """A page's tab of one class as a read-only attribute (None where it is not built)."""

    def __init__(self, cls: type[T]) -> None:
        self.cls = cls

    def __get__(self, page: Any, owner: type | None = None) -> T | None:
        return None if page is None else page.tab(self.cls)  # type: ignore[no-any-return]


class ResidentPage(QWidget):
    """Shown inside the Residents section; `back` asks it to show the list again."""

    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ResidentPage")
        self.resident_id: int | None = None
        self.profile: Profile | None = None
        self._generation = 0
        self._new_resident = False
        self._profile_stale = False
        self._profile_loading = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 18)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.back_button = button(_("←  All residents"), on_click=self.back.emit,
                                  tip=_("Back to the list of residents (Alt+Left or Escape)"))
        self.back_button.setAccessibleName(_("Back to all residents"))
        self.back_button.setFlat(True)
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.name_label = QLabel("")
        self.name_label.setObjectName("PageTitle")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel("")
        self.facts_label.setObjectName("Muted")
        self.facts_label.setWordWrap(True)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Resident details"))
        self.tabs.setDocumentMode(False)
        self.tab_list: list[ResidentTab] = []
        for cls, title in TABS:
            if ctx.can(cls.permission):
                tab = cls(ctx)
                self.tab_list.append(tab)
                self.tabs.addTab(tab, str(title))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())

        for keys in ("Alt+Left", "Escape"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.back.emit)
        ctx.bus.changed.connect(self._on_changed)

    # -- tabs by kind (None when the role may not see them) ---------------------------------
    def tab(self, cls: type[ResidentTab]) -> Any:
        return next((t for t in self.tab_list if isinstance(t, cls)), None)

    # Each tab by name; None where the role may not see it (never built).
    overview = _TabOf(OverviewTab)
    timeline_tab = _TabOf(TimelineTab)
    goals_tab = _TabOf(GoalsTab)
    mentoring_tab = _TabOf(MentoringTab)
    consents_tab = _TabOf(ConsentsTab)
    chart_tab = _TabOf(ChartTab)

    @property
    def busy(self) -> bool:
        """True while anything on the page is loading or saving (tests wait on this)."""
        return self._profile_loading > 0 or any(t.busy for t in self.tab_list)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]

    # -- loading ------------------------------------------------------------------------
    def show_resident(self, resident_id: int) -> None:
        """Show a resident, starting on the Overview tab."""
        self.resident_id = resident_id
        self._generation += 1
        self._new_resident = True
        self.profile = None
        self._profile_stale = False
        self.name_label.setText(_("Loading…"))
        self.facts_label.setText("")
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        self._load_profile()

    def _load_profile(self) -> None:
        if self.resident_id is None:
            return
        generation = self._generation
        self._profile_loading += 1

        def ok(profile: Profile) -> None:
            if generation == self._generation:
                self._show_profile(profile)  # starts the shown tab's load before we are idle
            self._profile_loading -= 1

        def failed(exc: BaseException) -> None:
            self._profile_loading -= 1
            if generation == self._generation:
                self.name_label.setText(_("This resident could not be shown"))
                report_error(exc, self)

        # Reading the resident is a disclosure, audited, for roles that see their notes.
        notes = self.ctx.can(Perm.RESIDENTS_NOTES)
        run_op(self, ReadOp(profile_of, self.resident_id, audited=notes)).success(ok).failure(
            failed).run()

    def _show_profile(self, p: Profile) -> None:
        new, self._new_resident = self._new_resident, False
        self.profile = p
        r = p.resident
        self.name_label.setText(f"{r.first_name} {r.last_name}")
        facts = [_("Goes by {name}").format(name=r.preferred_name)] if r.preferred_name else []
        status = STATUS_WORDS.get(r.status)
        facts += [str(status) if status is not None else r.status, p.phase,
                  _("Bed {bed}").format(bed=r.bed) if r.bed else _("No bed assigned"),
                  p.house_name, LANGUAGE_NAMES.get(p.language, p.language)]
        self.facts_label.setText("  ·  ".join(facts))
        for tab in self.tab_list:
            tab.set_profile(p, new_resident=new)
        self._load_current()

    def _load_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ResidentTab):
            tab.ensure_loaded()

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if self.profile is None:
            return
        if changes.touches(*PROFILE_KINDS):
            # Reloading re-stales every tab, then reloads the one shown. While hidden, wait:
            # a change elsewhere must not cause (audited) reads nobody looks at.
            self._profile_stale = True
            if self.isVisible():
                self._reload_profile()
            return
        for tab in self.tab_list:
            if changes.touches(*tab.watches):
                tab.stale = True
        if self.isVisible():
            self._load_current()

    def reload(self) -> None:
        """F5: the latest of everything on the page."""
        self._reload_profile()

    def _reload_profile(self) -> None:
        self._profile_stale = False
        self._load_profile()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._profile_stale:
            self._reload_profile()
        else:
            self._load_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape that no child used (and Alt+Left) go back to the list."""
        alt_left = (event.key() == Qt.Key.Key_Left
                    and event.modifiers() == Qt.KeyboardModifier.AltModifier)
        if event.key() == Qt.Key.Key_Escape or alt_left:
            self.back.emit()
            return
        super().keyPressEvent(event)
