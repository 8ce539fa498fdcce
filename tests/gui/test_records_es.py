"""The Accountability, Chores and Meetings sections and their dialogs, built in Spanish over
real records: every tab, table head, cell made from a code, button, tooltip, placeholder and
accessible name is Spanish (the window's words, not the records' own: names, notes and
topics stay as people typed them), and the keyboard still works: Enter saves a form,
Escape leaves it, and the attendance keys follow the language's words (T for *tarde*)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from sqlmodel import select

from peerhouse import models
from peerhouse.models.enums import ChoreStatus
from peerhouse.services import (
    checkins,
    chores,
    incidents,
    meetings,
    outside_meetings,
    screens,
    signouts,
)
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import now, week_start
from peerhouse.ui.manager.accountability.outside import OutsideMeetingDialog
from peerhouse.ui.manager.accountability.section import AccountabilitySection
from peerhouse.ui.manager.chores.section import ChoresSection
from peerhouse.ui.manager.meetings.section import MeetingsSection
from tests.gui.steps import shown
from tests.support.audit_log import house_today

# Words of these sections' English that must not be left on a Spanish screen (whole words,
# any case). The records below hold none of them.
ENGLISH = re.compile(
    r"\b(residents?|check-ins?|checked|curfews?|sign-outs?|outside|screens?|incidents?|"
    r"draws?|chores?|nobody|attendance|minutes|present|absent|excused|late|missed|"
    r"schedule|decisions|logged|slips?|week|yet|recorded|replay|pick|mark|generate|"
    r"verify|kind|topic|facilitator|stopped|instructions|happened|substances)\b", re.I)



def _model_texts(model: QAbstractItemModel) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.AccessibleTextRole)
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list's own model (QListWidget)
        columns = 1
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for r in range(model.rowCount(root)):
        for c in range(columns):
            out += [str(model.data(model.index(r, c), role) or "") for role in roles]
    return out


def texts(root: QWidget) -> list[str]:
    """Every text a person can see or hear in `root` as it is shown now."""
    out: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        out += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QAbstractButton) and getattr(w, "menu", None) and w.menu():
            out += [a.text() for a in w.menu().actions()]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append(w.placeholderText())
        if isinstance(w, QAbstractSpinBox):
            out.append(getattr(w, "suffix", lambda: "")())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            out += _model_texts(w.model())
    return [t for t in out if t]


def english_left(widgets: list[QWidget]) -> list[str]:
    return sorted({t for w in widgets for t in texts(w) if ENGLISH.search(t)})


def shared_keys(root: QWidget) -> list[str]:
    """Alt+letter keys that two visible labels, buttons or tabs of `root` both claim."""
    seen: dict[str, str] = {}
    twice: list[str] = []
    owners: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            owners.append(w.text())
        if isinstance(w, QTabWidget):
            owners += [w.tabText(i) for i in range(w.count())]
    for text in owners:
        found = re.search(r"&([^&\s])", text.replace("&&", ""))
        if found:
            key = found.group(1).casefold()
            if key in seen:
                twice.append(f"{seen[key]} / {text}")
            seen[key] = text
    return twice


def _idle(qtbot, section) -> None:
    from peerhouse.ui import workers

    for _ in range(3):
        qtbot.waitUntil(lambda: workers.active() == 0 and not section.busy, timeout=15000)


def _records(house) -> tuple[int, int]:
    ana = house.admit("Ana", "Ruiz")
    beto = house.admit("Beto", "Díaz")
    checkins.submit_checkin(house.store, house.resident_actor(ana), ana.id, mood=2, craving=7,
                            note="gracias", wants_to_talk=True)
    signouts.sign_out(house.store, house.staff, beto.id, "Trabajo",
                      now() + timedelta(hours=1), at=datetime.now(UTC) - timedelta(hours=1))
    outside_meetings.log(house.store, house.manager, ana.id, house_today(), "NA", "Grupo Luz")
    screens.record_screen(house.store, house.manager, ana.id, "urine", "random", "negative", "")
    incidents.record_incident(house.store, house.manager, house.house_id, "conflict",
                              "Hubo una discusión", [ana.id, beto.id], "Se habló")
    return ana.id, beto.id


def test_accountability_in_spanish(house, manager_ctx, qtbot, spanish):
    ana, _beto = _records(house)
    sec = AccountabilitySection(manager_ctx)
    qtbot.addWidget(sec)
    sec.resize(1366, 768)
    sec.show()
    _idle(qtbot, sec)
    assert sec.tab_titles() == ["Registros diarios", "Salidas y hora de llegada",
                                "Reuniones externas", "Pruebas de detección", "Incidentes"]
    seen: list[str] = []
    left: list[str] = []
    for tab in sec.all_tabs():
        sec.show_tab(tab)
        _idle(qtbot, sec)
        if tab is sec.incidents:
            tab.view.selectRow(0)  # its details below the table
        seen += texts(sec)
        left += english_left([sec])
        assert shared_keys(sec) == [], tab.title
    # The dialogs each tab opens.
    checkin = sec.checkins
    sec.show_tab(checkin)
    checkin.view.selectRow(0)
    dialogs = [checkin.open_checkin_dialog(), sec.signouts.open_sign_out_dialog(),
               sec.outside.open_log_dialog(), sec.screens.open_record_dialog(),
               sec.incidents.open_record_dialog()]
    sec.signouts.out_view.selectRow(0)
    dialogs.append(sec.signouts.open_sign_in_dialog())
    for dialog in dialogs:
        assert dialog is not None
        seen += texts(dialog)
        left += english_left([dialog])
        assert shared_keys(dialog) == [], dialog.windowTitle()
        dialog.reject()
    assert left == []
    for words in ("Estado de ánimo", "Ganas de consumir", "Esperando para hablar",
                  "Fuera en este momento", "Horas de llegada no cumplidas", "Comprobante",
                  "Negativo", "Al azar", "Orina", "Conflicto", "Sorteo al azar",
                  "Registrar una prueba de detección de sustancias", "&Tipo de incidente:",
                  "Registrar la salida de un o una residente", "Registrar una reunión externa"):
        assert words in "\n".join(seen), words
    assert any(t.startswith("Registro diario de hoy: 1 de 2 residentes.") for t in seen)
    assert "Ana Ruiz" in seen and ana  # people's names stay as they are


def test_chores_in_spanish(house, manager_ctx, qtbot, settle, spanish):
    for first in ("Ana", "Beto"):
        house.admit(first, "Ruiz", move_in_date=house_today() - timedelta(days=30))
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Cocina", area="Abajo", frequency="weekly", weekday=1))
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Patio", frequency="custom", custom_days=[0, 2, 4]))
    chores.generate_week(house.store, house.manager, house.house_id,
                         week_start(house_today()), include_past=True)
    sec = shown(qtbot, settle, ChoresSection(manager_ctx), 1366, 768)
    week = sec.week_tab
    row = next(r for r in range(week.model.rowCount())
               for c in range(7) if week.model.cells(r, c))
    col = next(c for c in range(7) if week.model.cells(row, c))
    week.view.setCurrentIndex(week.model.index(row, col))
    settle()
    left = english_left([sec])
    seen = texts(sec)
    assert shared_keys(sec) == []
    sec.tabs.setCurrentWidget(sec.list_tab)
    settle()
    assert shared_keys(sec) == []
    left += english_left([sec])
    seen += texts(sec)
    sec.list_tab.add()
    week.note(ChoreStatus.EXCUSED)
    for dialog in (sec.list_tab.dialog, week.dialog):
        assert shared_keys(dialog) == [], dialog.windowTitle()
        left += english_left([dialog])
        seen += texts(dialog)
        dialog.reject()
    assert left == []
    for words in ("Esta semana", "Lista de tareas", "Tablero de tareas", "Pendiente",
                  "Con permiso", "No realizada", "Marcar &hecha", "Dar &permiso…",
                  "Los martes", "lun, mié, vie", "Por turnos", "En uso",
                  "Los residentes se &turnan (rotación justa)", "Dar permiso para una tarea"):
        assert words in "\n".join(seen), words
    assert any(t.startswith("Esta semana · ") for t in seen)


def test_meetings_in_spanish(house, manager_ctx, qtbot, settle, spanish):
    house.admit("Ana", "Ruiz")
    meetings.schedule(house.store, house.manager, house.house_id, now() - timedelta(hours=1),
                      topic="Reglas", facilitator="Jo")
    sec = shown(qtbot, settle, MeetingsSection(manager_ctx), 1366, 768)
    detail = sec.detail
    left = english_left([sec])
    seen = texts(sec)
    assert shared_keys(sec) == []
    detail.tabs.setCurrentWidget(detail.minutes)
    assert shared_keys(sec) == []
    left += english_left([sec])
    seen += texts(sec)
    sec.schedule()
    schedule = sec.dialog
    schedule.repeat.setChecked(True)
    sec_dialogs = [schedule]
    sec.cancel()
    settle()
    sec_dialogs.append(sec.dialog)
    for dialog in sec_dialogs:
        assert shared_keys(dialog) == [], dialog.windowTitle()
        left += english_left([dialog])
        seen += texts(dialog)
        dialog.reject()
    assert left == []
    for words in ("Asistencia", "Presente", "Tarde", "Con permiso", "Ausente", "Ac&ta",
                  "Recientes y próximas", "&Programar reunión…",
                  "Tema: Reglas", "Programar una reunión", "Conservarla", "Cancelar reunión"):
        assert words in "\n".join(seen), words
    assert any(t.startswith("12 reuniones, cada ") for t in seen)
    assert any("T tarde" in t for t in seen)  # the keys are the Spanish words' letters


def test_a_spanish_form_saves_on_enter_and_leaves_on_escape(house, manager_ctx, qtbot,
                                                            spanish):
    ana = house.admit("Ana", "Ruiz")
    sec = AccountabilitySection(manager_ctx)
    qtbot.addWidget(sec)
    sec.show()
    _idle(qtbot, sec)
    sec.show_tab(sec.outside)
    _idle(qtbot, sec)
    dialog = sec.outside.open_log_dialog()
    assert isinstance(dialog, OutsideMeetingDialog)
    assert dialog.windowTitle() == "Registrar una reunión externa"
    qtbot.keyClick(dialog.place, Qt.Key.Key_Escape)  # nothing typed: it simply closes
    assert not dialog.isVisible()
    dialog = sec.outside.open_log_dialog()
    dialog.resident.setCurrentIndex(dialog.resident.findData(ana.id))
    qtbot.keyClicks(dialog.name, "Luz")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # saved on the write thread, then closed
    _idle(qtbot, sec)
    with house.store.read() as s:
        [meeting] = s.exec(select(models.OutsideMeeting)).all()
    assert (meeting.resident_id, meeting.name) == (ana.id, "Luz")


def test_attendance_keys_follow_the_spanish_words(house, manager_ctx, qtbot, settle, spanish):
    ana = house.admit("Ana", "Ruiz")
    meetings.schedule(house.store, house.manager, house.house_id, now() - timedelta(hours=1))
    sec = shown(qtbot, settle, MeetingsSection(manager_ctx), 1366, 768)
    view = sec.detail.attendance.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_T)  # *tarde*
    settle()
    with house.store.read() as s:
        [row] = s.exec(select(models.Attendance)).all()
    assert (row.resident_id, row.status) == (ana.id, "late")
    assert sec.detail.attendance.summary.text() == "1 de 1 anotados · 1 tarde"
    # The status buttons are wide enough for the longest Spanish word ("Con permiso").
    width = view.fontMetrics().horizontalAdvance("Con permiso")
    assert view.horizontalHeader().sectionSize(3) > width


def test_a_spanish_form_names_its_field_in_spanish(house, manager_ctx, qtbot, spanish):
    """Nobody lives in the house yet: the refusal is one Spanish sentence naming the
    form's own label, and nothing is saved."""
    sec = AccountabilitySection(manager_ctx)
    qtbot.addWidget(sec)
    sec.show()
    _idle(qtbot, sec)
    sec.show_tab(sec.outside)
    dialog = sec.outside.open_log_dialog()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == ("Residente: no se puede elegir porque todavía no vive "
                                         "nadie en la casa.")
    dialog.reject()
