"""With the keyboard in a table, the current cell has a clear outline and its row a clear
highlight (the theme's, as drawn; WCAG 2.2 asks 3:1 for a focus indicator)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import make_table


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_current_cell_and_row_stand_out(qtbot, themed) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(QLineEdit())
    model: RowsModel[tuple[str, str, str]] = RowsModel(
        [Column("Name", lambda r: r[0]), Column("Bed", lambda r: r[1]),
         Column("Phase", lambda r: r[2])])
    model.set_rows([(f"Person {i}", str(i), "Phase 1") for i in range(6)])
    view, proxy = make_table(model, sortable=False)
    layout.addWidget(view)
    holder.resize(520, 320)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is holder)
    view.setFocus()
    current = proxy.index(2, 1)
    view.setCurrentIndex(current)  # and, as the table selects rows, its row
    qtbot.waitUntil(lambda: view.hasFocus())
    image = view.viewport().grab().toImage()

    cell = view.visualRect(current)
    edge = [QColor(image.pixel(x, cell.center().y())) for x in range(cell.left(), cell.left() + 3)]
    row_fill = QColor(image.pixel(view.visualRect(proxy.index(2, 2)).right() - 4, cell.top() + 3))
    plain_fill = QColor(image.pixel(view.visualRect(proxy.index(4, 2)).right() - 4,
                                    view.visualRect(proxy.index(4, 2)).top() + 3))
    outline = max(edge, key=lambda c: contrast(c, row_fill))
    assert contrast(outline, row_fill) >= 3, (outline.name(), row_fill.name())
    assert contrast(row_fill, plain_fill) >= 1.4, (row_fill.name(), plain_fill.name())
