"""Start a program and print the wall-clock time its first window was exposed, then exit.

`first_window_probe.py bare` shows a plain PySide6 QWidget (the baseline);
`first_window_probe.py gui --data-dir DIR` runs `peerhouse.entry.main`, the `peerhouse`
command's own entry point, exactly as the command would. QApplication is replaced by a
subclass before anything else imports it, so whatever window the program shows first is
seen: its first Expose prints
`FIRST_WINDOW <time.time()> <title>` and the process ends at once (os._exit, so nothing
of the program's shut-down runs). Used by tests/benchmarks/test_first_window_bench.py.
"""

from __future__ import annotations

import os
import sys
import time

import PySide6.QtWidgets as QtWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow


class _Watch(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Expose and isinstance(watched, QWindow)
                and watched.isExposed()):
            print(f"FIRST_WINDOW {time.time():.6f} {watched.title()!r}", flush=True)
            os._exit(0)
        return False


class ProbeApp(QtWidgets.QApplication):
    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._watch = _Watch()
        self.installEventFilter(self._watch)


def _bare() -> int:
    app = QtWidgets.QApplication(sys.argv)
    window = QtWidgets.QWidget()
    window.setWindowTitle("bare")
    QtWidgets.QVBoxLayout(window).addWidget(QtWidgets.QLabel("Hello"))
    window.show()
    return app.exec()


def main() -> int:
    QtWidgets.QApplication = ProbeApp  # type: ignore[misc]
    if sys.argv[1:] == ["bare"]:
        return _bare()
    from peerhouse.entry import main as peerhouse_main

    return peerhouse_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
