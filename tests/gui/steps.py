"""What many GUI tests do with the app's widgets, as a person would, written once: put a
widget on screen, click a button, sign in through the sign-in dialog, fill in the set-up
wizard's owner page."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.session.setup_wizard import OwnerPage

W = TypeVar("W", bound=QWidget)


def shown(qtbot, settle: Callable[[], None], widget: W, width: int, height: int) -> W:
    """`widget` on screen at `width` x `height`, its first loads done; closed by qtbot."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    settle()
    return widget


def click(qtbot, widget: QWidget) -> None:
    """A left click on a button a person can see and press."""
    assert widget.isVisible() and widget.isEnabled(), widget.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_in(qtbot, app: ManagerApp, username: str, password: str) -> QWidget:
    """Sign in through the app's sign-in dialog; the main window it opens."""
    app.show_login()
    qtbot.addWidget(app.dialog)
    app.dialog.username.setText(username)  # type: ignore[union-attr]
    app.dialog.password.setText(password)  # type: ignore[union-attr]
    app.dialog.ok_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: app.window is not None, timeout=15000)
    assert app.window is not None
    return app.window


def fill_owner(page: OwnerPage, username: str, display: str, password: str,
               confirm: str | None = None) -> None:
    """The set-up wizard's owner page, filled in (`confirm`: the password again unless given)."""
    page.username.setText(username)
    page.display.setText(display)
    page.password.setText(password)
    page.confirm.setText(password if confirm is None else confirm)
