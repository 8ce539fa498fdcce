"""The Spanish walk's eyes and judgement (tests/gui/visible_text.py) on tiny windows: it
sees every kind of text a person reads, not what is hidden, and it calls English what is
English in the Spanish window, but not data, codes or a translation that is the same on
purpose. (Without this, a walk that saw nothing would pass every window.)"""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import set_default_language
from tests.gui.visible_text import Words, untranslated, visible_texts


def tiny_window(qtbot, label: str, *, name: str = "Ana Lopez") -> QWidget:
    """A window of every kind of text, its label `label`, showing the resident `name`."""
    window = QWidget()
    window.setWindowTitle("Chores")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel(label))
    layout.addWidget(QLabel(f"<b>{name}</b>"))
    box = QGroupBox("This week")
    layout.addWidget(box)
    button = QPushButton("&Save")
    button.setToolTip("Save the chores (Ctrl+S)")
    menu = QMenu(button)
    menu.addAction("Print the board")
    button.setMenu(menu)
    layout.addWidget(button)
    field = QLineEdit()
    field.setPlaceholderText("Search residents")
    field.setAccessibleName("Search")
    layout.addWidget(field)
    combo = QComboBox()
    combo.addItems(["Every week", "English", "Español"])
    layout.addWidget(combo)
    model = QStandardItemModel(0, 2, window)
    model.setHorizontalHeaderLabels(["Resident", "Chore"])
    model.appendRow([QStandardItem(name), QStandardItem("Kitchen floor")])
    table = QTableView()
    table.setModel(model)
    layout.addWidget(table)
    hidden = QLabel("Hidden words")
    layout.addWidget(hidden)
    hidden.hide()
    qtbot.addWidget(window)
    window.show()
    return window


def test_every_kind_of_text_is_seen_and_nothing_hidden(qtbot) -> None:
    seen = {(s.kind, s.text) for s in visible_texts(tiny_window(qtbot, "Done"))}
    assert {("window title", "Chores"), ("label", "Done"), ("label", "Ana Lopez"),
            ("group title", "This week"), ("button", "Save"),
            ("tool tip", "Save the chores (Ctrl+S)"), ("action", "Print the board"),
            ("placeholder", "Search residents"), ("accessible name", "Search"),
            ("combo item", "Every week"), ("header", "Resident"), ("header", "Chore"),
            ("cell", "Ana Lopez"), ("cell", "Kitchen floor")} <= seen
    assert not any("Hidden" in text for _kind, text in seen)


def _judge(qtbot, english_label: str, spanish_label: str, words: Words) -> list[str]:
    english = visible_texts(tiny_window(qtbot, english_label))
    set_default_language("es")
    try:
        spanish = visible_texts(tiny_window(qtbot, spanish_label))
    finally:
        set_default_language("en")
    return untranslated(english, spanish, words)


def _data() -> Words:
    return Words(data={"Kitchen floor"}, name_words={"Ana", "Lopez"})


def test_an_english_label_in_the_spanish_window_is_named_with_where_it_is(qtbot) -> None:
    wrong = _judge(qtbot, "Chores left today", "Chores left today", _data())
    assert any("QWidget > QLabel [label]: 'Chores left today' — the same in English "
               "(Chores, left, today)" in line for line in wrong), wrong
    # The rest of the tiny window is English too, and each is named:
    assert any("[window title]: 'Chores'" in line for line in wrong)
    assert any("[action]: 'Print the board'" in line for line in wrong)
    assert any("[header]: 'Resident'" in line for line in wrong)


def test_a_translated_label_names_and_data_pass(qtbot) -> None:
    wrong = "\n".join(_judge(qtbot, "Chores left today", "Tareas pendientes hoy", _data()))
    assert "Tareas" not in wrong and "Chores left" not in wrong
    assert "Ana Lopez" not in wrong and "Kitchen floor" not in wrong  # data, from the fixture
    assert "English'" not in wrong and "Español" not in wrong  # each language's own name


def test_a_translation_the_same_on_purpose_passes(qtbot) -> None:
    words = _data()
    words.same_on_purpose = {"Chores left today"}
    assert not any("Chores left today" in line
                   for line in _judge(qtbot, "Chores left today", "Chores left today", words))


def test_a_catalog_message_without_its_spanish_is_untranslated(qtbot, spanish) -> None:
    """Shown only in the Spanish window (so the differential part cannot see it), a text
    that is a message the catalog has no Spanish for is still English."""
    words = _data()
    words.missing = {"Only a person chooses their own language."}
    label = "Only a person chooses their own language."  # as shown when its Spanish is missing
    spanish_texts = visible_texts(tiny_window(qtbot, label))
    wrong = untranslated([], spanish_texts, words)
    assert wrong == ["QWidget > QLabel [label]: 'Only a person chooses their own language.' "
                     "— its Spanish is missing from the catalog"]
    words.data.add("Only a person chooses their own language.")  # typed by someone: data
    assert untranslated([], spanish_texts, words) == []


def test_codes_and_words_every_language_writes_alike_are_not_english() -> None:
    words = Words(data={"Maple House", "Call about the job interview on Tuesday"})
    for text in ("PeerHouse", "PIN", "OK", "AA", "NA", "988", "2026-W49", "America/Chicago",
                 "olivia@example.org", "WYP5-27N2-R962-Z06E", "Maple House",
                 "Call about the job…", "A", "12:30", "Ctrl+S", "UTC", "Zulu", "No",
                 "XXXX-XXXX-XXXX-XXXX", "Show the kiosk in English",
                 "Mostrar la pantalla en español"):
        assert words.english_words(text) == [], text
    for text in ("Maple House rules", "Save", "Call about the job… now", "Dec 7",
                 "Show the kiosk", "Turkey rules", "No chores today"):
        assert words.english_words(text), text
