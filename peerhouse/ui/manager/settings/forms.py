"""What the Settings tabs and dialogs share: times in the house's clock, table columns
that fit, password fields and the password policy in words."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QTableView,
)

from peerhouse.errors import ValidationError
from peerhouse.i18n import _, lazy
from peerhouse.services.clock import zone
from peerhouse.services.secrets_policy import MIN_PASSWORD
from peerhouse.ui.formats import clock, date_text, weekday_name

PASSWORD_POLICY = lazy(
    "A password needs at least {n} characters. Common passwords and passwords "
    "that contain the username are refused. A short sentence is easy to remember.",
    n=MIN_PASSWORD)


def weekdays() -> list[str]:
    """Monday … Sunday in the current language (a house's week starts on one of them)."""
    monday = date(2024, 1, 1)
    return [weekday_name(monday + timedelta(days=i)) for i in range(7)]


def local_text(at: datetime | None, tz: str, empty: str | None = None) -> str:
    """A UTC instant as the house's wall-clock time, e.g. 'Mar 3, 2026, 9:14 PM'."""
    if at is None:
        return _("Never") if empty is None else empty
    try:
        local = at.astimezone(zone(tz))
    except ValidationError:
        local = at
    return f"{date_text(local.date())}, {clock(local)}"


def fit_columns(view: QTableView, stretch: int, *, sort_column: int = 0,
                descending: bool = False) -> None:
    """Size columns to their contents and let one column take (and elide in) the rest,
    so a table never needs a sideways scroll bar at the usual window size."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    header.setStretchLastSection(stretch == header.count() - 1)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if not view.property("sorted"):  # the first time only; later keep the user's choice
        view.setProperty("sorted", True)
        view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder if descending
                          else Qt.SortOrder.AscendingOrder)


def password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def same_passwords(new: QLineEdit, repeat: QLineEdit) -> None:
    if new.text() != repeat.text():
        raise ValidationError("repeat password", lazy(
            "{field} does not match the new password; type it again.",
            field=lazy("Repeat password")))
