"""The one place a window learns that its signed-in account changed under it.

Services re-read the acting account in every call (services/unit.py) and raise
AccountInactive (turned off) or RoleChanged. Whatever part of the manager window made the
call, the error comes here — from `run_task` for work off the UI thread, from
`report_error` for the rest — and goes to the handler of the session that is open, which
signs out or rebuilds the window's sections. With no handler (the kiosk, which knows which
resident's turn each call belongs to: ui/kiosk/window.py), the caller gets it as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from peerhouse.errors import AccountChanged

Handler = Callable[[AccountChanged], None]
_handler: Handler | None = None


def set_handler(handler: Handler) -> None:
    """The open session's reaction (one session at a time has the screen)."""
    global _handler
    _handler = handler


def clear_handler(handler: Handler) -> None:
    """The session ended: its handler goes (unless another one took over already)."""
    global _handler
    if _handler == handler:
        _handler = None


def handle(exc: BaseException) -> bool:
    """True if `exc` was an account change and the open session dealt with it."""
    if not isinstance(exc, AccountChanged) or _handler is None:
        return False
    _handler(exc)
    return True
