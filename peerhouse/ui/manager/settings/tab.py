"""The base of the Settings tabs that load their data through the Settings section.

The section passes its own `load` (a ReadOp through the runner, the result dropped once the
section is gone or the person signed out), so a tab never outlives its data's owner.
A tab with an `edit_permission` is read-only (`can_edit` False) for roles without it.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.section import Loader


class SettingsTab(QWidget):
    edit_permission: ClassVar[Perm | None] = None

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._load = ctx, load
        self.can_edit = self.edit_permission is None or ctx.can(self.edit_permission)

    def refresh(self) -> None:
        """Load what the tab shows (through `self._load`)."""
        raise NotImplementedError
