"""Before a resident is signed in: the start screen, the PIN keypad, choosing a new PIN,
and the staff password that closes the kiosk."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from peerhouse.errors import AuthenticationFailed, LockedOut, ValidationError
from peerhouse.services import accounts, kiosk, pins
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.services.secrets_policy import check_pin_policy
from peerhouse.ui.kiosk.flow import ChoiceRow, TileGrid
from peerhouse.ui.kiosk.keypad import PinPad
from peerhouse.ui.kiosk.widgets import Screen, clear_layout, kbutton, label, plain_box, text_box

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

NAME_COLUMNS = 4


def hint_and_pad(screen: Screen, hint: str,
                 entered: Callable[[str], None]) -> tuple[QLabel, PinPad]:
    """A PIN screen's body: a centred hint over the keypad, whose PIN goes to `entered`."""
    hint_label = label(hint, "KioskSubtitle")
    hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    screen.body.addWidget(hint_label)
    pad = PinPad()
    pad.entered.connect(entered)
    screen.body.addWidget(pad, 0, Qt.AlignmentFlag.AlignHCenter)
    screen.body.addStretch(1)
    return hint_label, pad


class StartScreen(Screen):
    """Tap your name (or type your first name, if the house prefers)."""

    key = "start"
    back_to = ""

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Welcome")
        for text, name, step in (("A−", "Smaller text", -1), ("A+", "Larger text", 1)):
            self.top_row.addWidget(kbutton(text, kind="small", name=name,
                                           on_click=lambda s=step: host.set_scale(s)))
        self.staff_button = kbutton("Staff", kind="small", icon_name="lock", icon_px=24,
                                    name="Staff: close the kiosk",
                                    on_click=lambda: host.show_screen("staff"))
        self.top_row.addWidget(self.staff_button)
        self.hint = label("", "KioskSubtitle")
        self.body.addWidget(self.hint)
        self.house_box, self.house_row = plain_box(QHBoxLayout)
        self.body.addWidget(self.house_box)

        self.typed_box, row = plain_box(QHBoxLayout)
        self.typed = text_box("Your first name", "Your first name", limits.NAME,
                              autocap="words")
        row.addWidget(self.typed, 1)
        self.next_button = kbutton("Next", primary=True, name="Find my name",
                                   on_click=self.find_typed)
        # Enter is the button: one way in, and nothing while the button cannot be pressed.
        self.typed.returnPressed.connect(self.next_button.click)
        row.addWidget(self.next_button)
        self.body.addWidget(self.typed_box)

        self.names = TileGrid(NAME_COLUMNS, stretch_last=False)
        self.body.addWidget(self.names)
        self.body.addStretch(1)
        self.entries: list[kiosk.RosterEntry] = []

    def shown(self) -> None:
        super().shown()
        house = self.host.house
        self._house_choice()
        self.names.set_tiles([])
        if house is None:
            self.hint.setText("Getting ready…" if not self.host.houses else
                              "There is no house set up yet. Please ask staff.")
            self.typed_box.hide()
            return
        typing = house.name_mode == "type"
        self.typed_box.setVisible(typing)
        if typing:
            self.hint.setText("Type your first name, then tap Next.")
            self.typed.setFocus()
            return
        self.hint.setText("Tap your name to start.")
        self.host.call(kiosk.roster, self.host.store, house.house_id, on_success=self.show_names)

    def _house_choice(self) -> None:
        clear_layout(self.house_row)
        self.house_box.setVisible(len(self.host.houses) > 1)
        if len(self.host.houses) <= 1:
            return
        choice = ChoiceRow([(h.house_id, h.name, f"House: {h.name}") for h in self.host.houses],
                           kind="choice")
        if self.host.house is not None:
            choice.set_value(self.host.house.house_id)
        by_id = {h.house_id: h for h in self.host.houses}
        choice.changed.connect(lambda hid: self.host.choose_house(by_id[hid]))
        self.house_row.addWidget(choice)

    def show_names(self, entries: list[kiosk.RosterEntry], *, found: bool = False) -> None:
        self.entries = list(entries)
        if not entries and not found:
            self.hint.setText("No one is set up to use the kiosk yet. Staff can add residents "
                              "in PeerHouse.")
        self.names.set_tiles([kbutton(e.name, kind="name", name=f"I am {e.name}",
                                      on_click=lambda e=e: self.pick(e)) for e in entries])

    def find_typed(self) -> None:
        house = self.host.house
        if house is None:
            return
        typed = self.typed.text()
        if not typed.strip():
            self.say("Please type your first name.", about=[self.typed])
            return
        self.host.call(kiosk.find_by_first_name, self.host.store, house.house_id, typed,
                       on_success=self._found)

    def _found(self, entries: list[kiosk.RosterEntry]) -> None:
        if len(entries) == 1:
            self.pick(entries[0])
            return
        self.show_names(entries, found=True)
        self.say("We couldn't find that name. Check the spelling, or ask staff for help."
                 if not entries else "Tap your name.", info=bool(entries), about=[self.typed])

    def pick(self, entry: kiosk.RosterEntry) -> None:
        self.say("")
        pin = self.host.screens["pin"]
        assert isinstance(pin, PinScreen)
        pin.ask(entry)

    def reset(self) -> None:
        super().reset()
        self.names.set_tiles([])


class PinScreen(Screen):
    key = "pin"
    back_to = "start"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Enter your PIN")
        self.entry: kiosk.RosterEntry | None = None
        self.hint, self.pad = hint_and_pad(self, "Type your 6-digit PIN.", self.check)

    def ask(self, entry: kiosk.RosterEntry) -> None:
        self.reset()
        self.entry = entry
        self.title.setText(f"Hi, {entry.name}")
        self.host.show_screen("pin")

    def shown(self) -> None:
        super().shown()
        self.pad.setFocus()

    def check(self, pin: str) -> None:
        if self.entry is None:
            return
        self.pad.setEnabled(False)
        self.say("Checking…", info=True)
        self.host.call(pins.verify_pin, self.host.store, self.entry.resident_id, pin,
                       on_success=self._welcome, on_failure=self._refused)

    def _welcome(self, login: pins.KioskLogin) -> None:
        assert self.entry is not None
        self.host.begin_session(login.actor, self.entry.name)
        self.pad.clear()
        if login.must_change_pin:
            self.host.show_screen("choose_pin")
        else:
            self.host.go_home()

    def _refused(self, exc: BaseException) -> None:
        self.pad.clear()
        locked = isinstance(exc, LockedOut)
        self.pad.setEnabled(not locked)
        self.pad.setVisible(not locked)
        if isinstance(exc, AuthenticationFailed | LockedOut):
            self.say(str(exc))
        else:
            self.host.show_error(exc)
        if not locked:
            self.pad.setFocus()

    def reset(self) -> None:
        super().reset()
        self.entry = None
        self.title.setText("Enter your PIN")
        self.pad.clear()
        self.pad.setEnabled(True)
        self.pad.show()


class ChoosePinScreen(Screen):
    """First login after staff set a temporary PIN: choose your own, twice."""

    key = "choose_pin"
    back_to = "start"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Choose your own PIN")
        self.hint, self.pad = hint_and_pad(self, "", self.entered)
        self.first = ""
        self._step(1)

    def go_back(self) -> None:
        self.host.end_session()

    def _step(self, n: int) -> None:
        if n == 1:
            self.first = ""
            self.hint.setText("Pick 6 numbers that are easy for you to remember and hard for "
                              "others to guess.")
        else:
            self.hint.setText("Type your new PIN again.")
        self.pad.clear()
        self.pad.setEnabled(True)
        self.pad.setFocus()

    def shown(self) -> None:
        super().shown()
        self._step(1)

    def entered(self, pin: str) -> None:
        self.pad.setEnabled(False)
        if not self.first:
            self.host.call(check_pin_policy, pin, on_success=lambda _r: self._again(pin),
                           on_failure=self._refused)
            return
        if pin != self.first:
            self.say("The two PINs were not the same. Let's start again.")
            self._step(1)
            return
        actor = self.host.actor
        assert actor is not None
        self.host.call(pins.choose_pin, self.host.store, actor, self.first, pin,
                       on_success=lambda _r: self.host.go_home("Your new PIN is saved."),
                       on_failure=self._refused)

    def _again(self, pin: str) -> None:
        self.say("")
        self.first = pin
        self._step(2)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.say(exc.text("That PIN"))  # "That PIN is too easy to guess; …"
        else:
            self.host.show_error(exc)
        self._step(1)

    def reset(self) -> None:
        super().reset()
        self._step(1)


class StaffScreen(Screen):
    """Leaving kiosk mode: any staff account's username and password.

    Both boxes and the button sit on one row, and the explanation steps aside while the
    on-screen keyboard is up, so the form and the whole keyboard fit a 1024 x 768 screen
    at every text size.
    """

    key = "staff"
    back_to = "start"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Staff: close the kiosk")
        self.explain = label("Enter a PeerHouse staff username and password to leave "
                             "kiosk mode.", "KioskText")
        self.body.addWidget(self.explain)
        self.hide_with_keyboard.append(self.explain)
        self.username = text_box("Username", "Staff username", limits.USERNAME)
        self.password = text_box("Password", "Staff password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.submit_button = kbutton("Close the kiosk", primary=True, on_click=self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        # Enter is the button, so it does nothing while a check is running (no second try).
        self.password.returnPressed.connect(self.submit_button.click)
        self.form, row = plain_box(QHBoxLayout, 14)
        for box in (self.username, self.password):
            box.setMinimumWidth(120)
            row.addWidget(box, 1)
        row.addWidget(self.submit_button)
        self.body.addWidget(self.form)
        self.body.addStretch(1)

    def shown(self) -> None:
        super().shown()
        self.username.setFocus()

    def typing_area(self, box: QWidget) -> QWidget:
        return self.form  # both boxes and the button

    def submit(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.say("Enter a staff username and password.",
                     about=[self.username, self.password])
            return
        self.submit_button.setEnabled(False)
        store = self.host.store
        house_id = self.host.house.house_id if self.host.house else None

        def check() -> Actor:
            actor = accounts.login(store, user, password)
            kiosk.leave(store, actor, house_id)
            return actor

        self.host.call(check, on_success=lambda _a: self.host.leave_kiosk(),
                       on_failure=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.password.clear()
        self.host.show_error(exc)

SCREENS = (StartScreen, PinScreen, ChoosePinScreen, StaffScreen)
