"""First run: set up the house, the owner account and the keys, then show the recovery
code exactly once, with a recovery sheet the owner must acknowledge keeping safe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from peerhouse.demo.setup import create_demo_setup
from peerhouse.errors import PeerHouseError, ValidationError
from peerhouse.i18n import _, lazy
from peerhouse.paths import DataPaths
from peerhouse.services import text_limits as limits
from peerhouse.services.houses import HouseRules, detect_timezone
from peerhouse.services.setup import (
    Owner,
    SetupResult,
    check_owner,
    create_setup,
)
from peerhouse.ui.errors import report_error
from peerhouse.ui.session.language_switch import LanguageSwitch, choose
from peerhouse.ui.widgets.common import FieldErrors, button, muted
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.workers import run_task


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _passes(errors: FieldErrors, check: Callable[[], object], page: QWidget) -> bool:
    """A page's Next: `check` refusing a field shows it there; another refusal is said in a
    message; either way the page stays. Otherwise the page's messages go."""
    try:
        check()
    except ValidationError as exc:
        errors.show(exc)
        return False
    except PeerHouseError as exc:
        report_error(exc, page)
        return False
    errors.clear()
    return True


class HousePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your house"))
        self.setSubTitle(_("You can add more houses and change these settings later."))
        form = QFormLayout(self)
        self.name = QLineEdit()
        limit_text(self.name, limits.TITLE)
        self.name.setAccessibleName(_("House name"))
        self.name.setPlaceholderText(_("e.g. Maple House"))
        self.beds = QSpinBox()
        self.beds.setRange(1, 200)
        self.beds.setValue(8)
        self.beds.setAccessibleName(_("Beds"))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(detect_timezone())
        self.timezone.setAccessibleName(_("Time zone"))
        self.timezone.lineEdit().setAccessibleName(_("Time zone"))
        self.demo = QCheckBox(_("Start with demo data (invented residents, to try PeerHouse out)"))
        form.addRow(_("&House name"), self.name)
        form.addRow(_("Be&ds"), self.beds)
        form.addRow(_("&Time zone"), self.timezone)
        form.addRow("", self.demo)
        self.error = QLabel()
        form.addRow(self.error)
        self.errors = FieldErrors({"house name": self.name, "beds": self.beds,
                                   "time zone": self.timezone}, self.error)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) or self.demo.isChecked()

    def rules(self) -> HouseRules:
        return HouseRules(name=self.name.text().strip() or "Demo", capacity=self.beds.value(),
                          timezone=self.timezone.currentText().strip())

    def validatePage(self) -> bool:
        return _passes(self.errors, lambda: self.rules().validated(), self)


class OwnerPage(QWizardPage):
    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.paths = paths
        self.owner: Owner | None = None
        self.setTitle(_("The owner account"))
        self.setSubTitle(_("The owner can do everything, including backups and staff accounts. "
                         "This password also unlocks the records on a new computer."))
        form = QFormLayout(self)
        self.username = QLineEdit()
        limit_text(self.username, limits.USERNAME)
        self.display = QLineEdit()
        limit_text(self.display, limits.FULL_NAME)
        self.password = QLineEdit()
        self.confirm = QLineEdit()
        for w, name in ((self.username, _("Username")), (self.display, _("Your name")),
                        (self.password, _("Password")), (self.confirm, _("Password again"))):
            w.setAccessibleName(name)
        for w in (self.password, self.confirm):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Username"), self.username)
        form.addRow(_("&Your name"), self.display)
        form.addRow(_("&Password"), self.password)
        form.addRow(_("Password &again"), self.confirm)
        form.addRow("", muted(_("At least 10 characters. A short sentence is easy to remember "
                              "and hard to guess.")))
        self.error = QLabel()
        form.addRow(self.error)
        self.errors = FieldErrors({"username": self.username, "display name": self.display,
                                   "password": self.password}, self.error)

    def validatePage(self) -> bool:
        def check() -> None:
            if self.password.text() != self.confirm.text():
                raise ValidationError("password", lazy(
                    "{field} and the second copy are not the same.", field=lazy("Password")))
            self.owner = check_owner(self.paths, self.username.text(), self.display.text(),
                                     self.password.text())

        return _passes(self.errors, check, self)


class CreatePage(QWizardPage):
    """Creating the encrypted database happens here, off the UI thread; no way back after."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._running = False
        self.setTitle(_("Create the encrypted records"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Create"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(
            _("PeerHouse will now create an encrypted file for the house records and a recovery "
            "code. Everything stays on this computer.")))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = _label("")
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return not self._running

    def validatePage(self) -> bool:
        if self._wizard.result_ is not None:
            return True
        self._running = True
        self.completeChanged.emit()
        self.progress.show()
        self.status.setText(_("Creating… this takes a few seconds."))
        self._wizard.start_creation(self._created, self._failed)
        return False

    def _created(self, result: SetupResult) -> None:
        self._running = False
        self.progress.hide()
        self._wizard.result_ = result
        self.completeChanged.emit()
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.progress.hide()
        self.status.setText(_("The records could not be created. Nothing was left behind; "
                            "you can try again."))
        self.completeChanged.emit()
        report_error(exc, self)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.sheet_path: Path | None = None
        self.setTitle(_("Your recovery code"))
        self.setSubTitle(_("This is shown only once. Keep it somewhere safe, like the house safe."))
        layout = QVBoxLayout(self)
        self.code = QLabel()
        self.code.setObjectName("RecoveryCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code)
        layout.addWidget(_label(
            _("The recovery code opens the records if the owner password is lost or on a new "
            "computer (for example after restoring a backup). Anyone with this code and the "
            "records file can read everything, so keep it locked away.")))
        self.save = button(_("&Save recovery sheet (PDF)…"), "print", primary=True,
                           on_click=self._ask_sheet_path)
        layout.addWidget(self.save)
        self.saved = muted("")
        layout.addWidget(self.saved)
        self.keyring_note = muted("")
        layout.addWidget(self.keyring_note)
        self.ack = QCheckBox(_("I have saved the recovery sheet (or written the code down) and "
                             "it will be kept somewhere safe."))
        self.ack.toggled.connect(self.completeChanged)
        layout.addWidget(self.ack)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self._wizard.result_
        assert result is not None
        self.code.setText(result.recovery_code)
        if result.keyring_message:
            self.keyring_note.setText(f"{result.keyring_message} " + _(
                "PeerHouse will ask for the owner password or the recovery code each time it "
                "opens."))

    def isComplete(self) -> bool:
        return self.ack.isChecked()

    def _ask_sheet_path(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save recovery sheet"),
            str(Path.home() / _("PeerHouse recovery sheet.pdf")), _("PDF (*.pdf)"))
        if target:
            self.save_sheet_to(Path(target))

    def save_sheet_to(self, target: Path) -> None:
        from peerhouse.reports.recovery_sheet import build_recovery_sheet

        result = self._wizard.result_
        assert result is not None
        house = ", ".join(result.house_names)

        def write() -> Path:
            return build_recovery_sheet(target, house_name=house, setup_id=result.store.setup_id,
                                        recovery_code=result.recovery_code)

        def done(path: Path) -> None:
            self.sheet_path = path
            self.saved.setText(_("Saved to {path}. Print it, put it in the safe, then delete "
                                 "the file.").format(path=path))

        run_task(write, on_success=done, on_failure=lambda exc: report_error(exc, self))


class SetupWizard(QWizard):
    """On acceptance, `result_` holds the new set-up (store open). `restore_wanted`: the
    person has a backup to restore instead (a new computer, a failed disk)."""

    restore_wanted = Signal()
    # "English | Español" on the first page: the app builds the wizard again in that language.
    language_chosen = Signal(str)

    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.result_: SetupResult | None = None
        self.setWindowTitle(_("Set up PeerHouse"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 520)
        intro = QWizardPage()
        intro.setTitle(_("Welcome to PeerHouse"))
        intro_layout = QVBoxLayout(intro)
        self.switch = LanguageSwitch(self._pick_language)
        intro_layout.addLayout(self.switch)
        intro_layout.addWidget(_label(
            _("PeerHouse keeps your house's residents, meetings, chores and check-ins in one "
            "encrypted file on this computer. Nothing is sent anywhere.\n\nSetting up takes "
            "three short steps: the house, the owner account, and a recovery code to keep safe.")))
        intro_layout.addStretch(1)
        intro_layout.addWidget(_label(_("Moving to a new computer, or starting again after a disk "
                                      "failure? Restore a PeerHouse backup instead.")))
        self.restore_btn = button(_("&Restore from a backup…"), on_click=self.restore_wanted.emit)
        intro_layout.addWidget(self.restore_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self.house_page = HousePage()
        self.owner_page = OwnerPage(paths)
        self.create_page = CreatePage(self)
        self.recovery_page = RecoveryPage(self)
        for page in (intro, self.house_page, self.owner_page, self.create_page, self.recovery_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)

    def _pick_language(self, code: str) -> None:
        choose(code)
        self.language_chosen.emit(code)

    def start_creation(self, ok: object, fail: object) -> None:
        owner = self.owner_page.owner
        assert owner is not None
        rules, demo = self.house_page.rules(), self.house_page.demo.isChecked()

        def create() -> SetupResult:
            if demo:
                return create_demo_setup(self.paths, owner, seed=7, scale=1, years=1.0,
                                         timezone=rules.timezone)
            return create_setup(self.paths, owner, rules)

        run_task(create, on_success=ok, on_failure=fail)  # type: ignore[arg-type]

    def reject(self) -> None:
        if self.result_ is not None:
            return  # the records exist now: the code must be acknowledged first
        super().reject()
