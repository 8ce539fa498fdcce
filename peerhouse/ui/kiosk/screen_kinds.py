"""The two kinds of resident screen, so each behaves the same wherever it appears.

- `QuestionScreen`: questions answered by taps, saved with one button (the check-in,
  "I'd like to talk", signing out, an outside meeting). Each answer scrolls the next
  unanswered question into view; a question left unanswered is marked and named in a kind
  message; saving turns the button off until it is done, then thanks the person (and
  forgets the answers), or turns the button back on to try again.
- `ListScreen`: the resident's own list, loaded afresh on each visit and forgotten when
  the next person comes (my chores, my goals).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from peerhouse.services.actor import Actor
from peerhouse.ui.kiosk.flow import GROUP_GAP, ChoiceRow, Questions, question
from peerhouse.ui.kiosk.widgets import Screen, clear_layout, kbutton, show_whole

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow


class QuestionScreen(Screen):
    """Questions answered by taps, saved with `self.save`; subclasses ask in `__init__`
    and check and save in `submit`."""

    needs_login = True

    def __init__(self, host: KioskWindow, title: str) -> None:
        super().__init__(host, title)
        self.body.setSpacing(GROUP_GAP)
        self.questions = Questions(self.scroll)

    def ask(self, asked: str | QLabel, *answers: QWidget) -> QWidget:
        """Add a question with its answers. A tap on its row of choices brings the next
        unanswered question into view (a question with none, such as a line to type, is
        shown whole when the one before it is answered)."""
        group = question(asked, *answers)
        self.body.addWidget(group)
        tap = next((a for a in answers if isinstance(a, ChoiceRow)), None)
        self.questions.add(tap, group)
        return group

    def add_save(self, text: str, *, stretch: int = 0, **style: Any) -> QPushButton:
        """The screen's one primary button, below the questions: it calls `submit`."""
        self.save = kbutton(text, primary=True, on_click=self.submit, **style)
        self.actions.addWidget(self.save, stretch)
        return self.save

    def submit(self) -> None:
        """Check the answers and save them (with `save_with`)."""
        raise NotImplementedError

    def unanswered(self, rows: Sequence[tuple[ChoiceRow, str]]) -> bool:
        """True when a row has no answer yet: the first such row is marked, brought into
        view and its message (what to tap) said."""
        for row, text in rows:
            if row.value() is None:
                row.mark_invalid()
                self.say(text, about=[row])
                show_whole(self.scroll, row.parentWidget() or row)
                return True
        return False

    def save_with(self, fn: Callable[..., Any], *args: Any, thanks: Callable[[], str]) -> None:
        """Run `fn(store, *args)` off the UI thread; then the `thanks` text (read before
        the answers are forgotten), or the error with the button usable again."""
        self.save.setEnabled(False)
        self.host.call(fn, self.host.store, *args, on_success=lambda _r: self._saved(thanks),
                       on_failure=self._failed)

    def _saved(self, thanks: Callable[[], str]) -> None:
        text = thanks()
        self.reset()
        self.host.confirm(text)

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.host.show_error(exc)


class ListScreen(Screen):
    """The signed-in resident's own rows in `self.items`; subclasses ask for them in `load`."""

    needs_login = True
    spacing = 12  # px between the list's rows

    def __init__(self, host: KioskWindow, title: str) -> None:
        super().__init__(host, title)
        self.items = self.add_list(self.spacing)

    def load(self, actor: Actor) -> None:
        """Ask for the signed-in resident's rows (through `self.host.call`)."""
        raise NotImplementedError

    def shown(self) -> None:
        super().shown()
        clear_layout(self.items)
        if self.host.actor is not None:
            self.load(self.host.actor)

    def reset(self) -> None:
        super().reset()
        clear_layout(self.items)

    def mark(self, fn: Callable[..., Any], *args: Any, thanks: str) -> None:
        """Run `fn(store, actor, *args)` (a chore or a step marked done), then `thanks`."""
        if self.host.actor is None:
            return
        self.host.call(fn, self.host.store, self.host.actor, *args,
                       on_success=lambda _r: self.host.confirm(thanks))
