"""The built program's self-check (`--smoke-screenshot`, used by `make dist-check`): it
pictures the first real window, signs in through the usual sign-in window when asked, and
fails (status 3) when no window comes, e.g. after a refused password."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage

from peerhouse.cli import build_parser
from peerhouse.paths import DataPaths
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.devtools import smoke
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.setup_wizard import SetupWizard
from tests.conftest import OWNER_PASSWORD


@pytest.fixture
def armed(qapp) -> Iterator[list[smoke.SmokeShot]]:
    """arm() as the program does, undone afterwards (the app outlives the test)."""
    shots: list[smoke.SmokeShot] = []
    yield shots
    for shot in shots:
        qapp.removeEventFilter(shot)
        shot.setParent(None)
        shot.deleteLater()


def _arm(armed: list[smoke.SmokeShot], *args, **kwargs) -> smoke.SmokeShot:
    """The program quits with the status; here the status is kept (the test's event loop
    must go on)."""
    shot = smoke.arm(*args, quit_with=lambda status: setattr(shot, "status", status), **kwargs)
    armed.append(shot)
    return shot


def test_first_run_pictures_the_set_up_wizard_and_creates_nothing(qtbot, tmp_path, armed):
    paths = DataPaths(tmp_path / "empty")
    target = tmp_path / "shots" / "wizard.png"
    shot = _arm(armed, target)
    app = ManagerApp(paths)
    app.start()
    qtbot.waitUntil(lambda: bool(shot.result), timeout=30000)
    qtbot.addWidget(app.dialog)
    assert isinstance(shot.window, SetupWizard) and shot.window is app.dialog
    assert shot.result.startswith("smoke: SetupWizard 'Set up PeerHouse' ") and shot.status == 0
    image = QImage(str(target))
    assert not image.isNull() and image.size() == shot.window.size()
    assert not paths.exists()
    app.dialog.close()
    app.shutdown()


def test_sign_in_goes_through_the_login_window_to_the_manager_window(qtbot, house, tmp_path,
                                                                        armed):
    target = tmp_path / "manager.png"
    shot = _arm(armed, target, sign_in="olivia", password=OWNER_PASSWORD)
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: bool(shot.result), timeout=30000)
    assert isinstance(app.window, MainWindow) and shot.window is app.window
    qtbot.addWidget(app.window)
    # Only real windows count: not the sign-in window, nor a button that was a window for
    # a moment before its layout took it.
    assert shot.result.startswith("smoke: MainWindow 'PeerHouse' ") and shot.status == 0
    assert all(w.isWindow() for w in shot._open_windows())
    assert not QImage(str(target)).isNull()
    app.logout()
    app.dialog.close()
    app.shutdown()


def test_a_refused_password_is_not_retried_and_no_picture_is_a_failure(qtbot, house, tmp_path,
                                                                         armed, capsys):
    target = tmp_path / "never.png"
    shot = _arm(armed, target, sign_in="olivia", password="not-the-password", timeout_s=3)
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: bool(shot.result), timeout=30000)
    assert shot.result == "smoke: no window was shown in time"
    assert shot.status == smoke.EXIT_NO_WINDOW
    assert "no window" in capsys.readouterr().err
    assert isinstance(app.dialog, LoginDialog) and app.window is None
    assert app.dialog.error.text() == "Wrong username or password."
    assert not target.exists()
    qtbot.addWidget(app.dialog)
    app.dialog.close()
    app.shutdown()


def test_the_smoke_options_are_hidden_and_only_on_the_windows():
    parser = build_parser()
    args = parser.parse_args(["gui", "--smoke-screenshot", "a.png", "--smoke-sign-in", "olivia"])
    assert (args.smoke_screenshot, args.smoke_sign_in) == ("a.png", "olivia")
    assert parser.parse_args(["kiosk", "--smoke-screenshot", "k.png"]).smoke_screenshot == "k.png"
    with pytest.raises(SystemExit):
        parser.parse_args(["check", "--smoke-screenshot", "c.png"])
    for command in ("gui", "kiosk"):
        sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        assert "smoke" not in sub.format_help()


def test_the_language_line_shows_a_catalog_message_and_a_qt_word_in_the_language(qapp):
    """What `make dist-check` reads to know the frozen build kept both translations."""
    from PySide6.QtCore import QLocale

    from peerhouse.i18n import set_default_language
    from peerhouse.ui.qt_language import use_qt_language

    before = QLocale()
    assert smoke.language_line() == "smoke-language: en 'Week of Dec 7 – 13' 'Cancel'"
    set_default_language("es")
    use_qt_language("es")
    try:
        assert smoke.language_line() == \
            "smoke-language: es 'Semana del 7 – 13 dic' 'Cancelar'"
    finally:
        set_default_language("en")
        use_qt_language("en")
        QLocale.setDefault(before)
