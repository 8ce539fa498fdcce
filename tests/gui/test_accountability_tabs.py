"""The skeleton every Accountability tab shares (common.Tab), checked on every tab at once:
its picker starts at the house's today and keeps what someone picked overnight, and a
load that finishes after someone picked again never shows (nor loads before the house is
known)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from peerhouse.app.ops import ReadOp
from peerhouse.ui.manager.accountability.common import HouseData, Tab, qdate
from peerhouse.ui.manager.accountability.pickers import DayPicker, RangePicker, WeekPicker
from peerhouse.ui.manager.accountability.section import AccountabilitySection

TODAY = date(2026, 3, 18)  # a Wednesday
DAY = timedelta(days=1)


@pytest.fixture
def tabs(manager_ctx, qtbot) -> list[Tab[Any]]:
    """Every tab a manager sees, built but never shown (so nothing loads on its own)."""
    section = AccountabilitySection(manager_ctx)
    qtbot.addWidget(section)
    assert len(section.all_tabs()) == 5
    return section.all_tabs()


def _house(tab: Tab[Any], today: date = TODAY, house_id: int | None = None) -> HouseData:
    return HouseData(house_id or tab.ctx.house_id, "America/Chicago", 0, today)


def _pick(picker: Any, value: Any) -> None:
    if isinstance(picker, DayPicker):
        picker.set_day(value)
    elif isinstance(picker, WeekPicker):
        picker.set_week(value)
    else:
        assert isinstance(picker, RangePicker)
        picker.start_edit.setDate(qdate(value[0]))
        picker.end_edit.setDate(qdate(value[1] - DAY))


def _earlier(picker: Any) -> Any:
    """Another pick, a little earlier: the day or week before, a range one day longer."""
    value = picker.value()
    if isinstance(picker, RangePicker):
        return value[0] - DAY, value[1]
    return value - (7 * DAY if isinstance(picker, WeekPicker) else DAY)


def _shows_today(picker: Any, today: date) -> bool:
    value = picker.value()
    if isinstance(picker, RangePicker):
        return value[1] == today + DAY
    if isinstance(picker, WeekPicker):
        return value <= today < value + 7 * DAY
    return bool(value == today)


def test_every_picker_starts_at_the_house_today_and_keeps_a_pick_overnight(tabs):
    for tab in tabs:
        tab.set_house(_house(tab))
        assert _shows_today(tab.picker, TODAY), tab.title
        picked = _earlier(tab.picker)
        _pick(tab.picker, picked)
        tab.set_house(_house(tab, TODAY + DAY))  # the window stayed open overnight
        assert tab.picker.value() == picked, tab.title
        if isinstance(tab.picker, DayPicker):  # "today" moved on: the new day may be picked
            assert tab.picker.edit.maximumDate() == qdate(TODAY + DAY)
        tab.set_house(_house(tab, TODAY, house_id=tab.ctx.house_id + 100))  # another house
        assert _shows_today(tab.picker, TODAY), tab.title


def test_a_load_for_an_earlier_pick_never_shows(tabs, monkeypatch):
    for tab in tabs:
        asked: list[Any] = []
        monkeypatch.setattr(tab, "load", lambda fn, apply, asked=asked: asked.append((fn, apply)))
        shown: list[tuple[Any, str]] = []

        def show(picked: Any, result: str, shown: list[tuple[Any, str]] = shown) -> None:
            shown.append((picked, result))

        tab.load_picked(lambda picked: ReadOp(repr, picked), show)
        assert asked == [], f"{tab.title}: loaded before the house was known"

        tab.set_house(_house(tab))
        tab.load_picked(lambda picked: ReadOp(repr, picked), show)
        (op, apply), = asked
        first, = op.args  # the load reads what was picked when it started
        assert first == tab.picker.value()
        _pick(tab.picker, _earlier(tab.picker))
        apply("late")  # finishes after someone picked again
        assert shown == [], tab.title
        _pick(tab.picker, first)
        apply("current")
        assert shown == [(first, "current")], tab.title
