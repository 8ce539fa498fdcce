"""The Today section driven through real widgets over the real encrypted database."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlmodel import select

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.models.audit import AuditEvent
from peerhouse.services import checkins, chores
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.ui.manager.today.cards import TodayCard
from peerhouse.ui.manager.today.section import TodaySection
from tests.gui.conftest import make_ctx

LEFT = Qt.MouseButton.LeftButton


def shown(qtbot, settle, ctx) -> TodaySection:
    section = TodaySection(ctx)
    qtbot.addWidget(section)
    section.resize(1280, 800)
    section.show()
    qtbot.waitUntil(lambda: section.board is not None, timeout=15000)
    settle()
    return section


def names(card: TodayCard) -> list[str]:
    return [b.text() for b in card.buttons()
            if b.property("link") and not b.text().startswith(("Open", "and "))]


def link(card: TodayCard, text: str):
    found = [b for b in card.buttons() if b.text() == text]
    assert found, f"no '{text}' in {card.base_title}: {[b.text() for b in card.buttons()]}"
    return found[0]


def reload(qtbot, settle, section: TodaySection, via_key: bool = False) -> None:
    before = section.board
    if via_key:
        section.activateWindow()
        qtbot.waitUntil(section.isActiveWindow, timeout=5000)
        qtbot.keyClick(section, Qt.Key.Key_F5)
    else:
        qtbot.mouseClick(section.refresh_button, LEFT)
    qtbot.waitUntil(lambda: section.board is not before and not section.busy, timeout=15000)
    settle()


def test_check_in_clears_the_name_after_a_refresh(qtbot, settle, house, manager_ctx):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    section = shown(qtbot, settle, manager_ctx)
    card = section.cards["checkins"]
    assert names(card) == ["Blair C.", "Alex R."]  # by last name
    assert card.title_label.text() == "Not checked in yet today (2)"

    checkins.submit_checkin(house.store, house.manager, alex.id, mood=4, craving=1)
    reload(qtbot, settle, section, via_key=True)
    assert names(card) == ["Blair C."]

    checkins.submit_checkin(house.store, house.manager, blair.id, mood=3, craving=2)
    manager_ctx.broadcast(Changes.of(RecordKind.CHECKINS))  # what any other section does after a write
    qtbot.waitUntil(lambda: names(card) == [], timeout=15000)
    settle()
    assert "Everyone has checked in today." in [w.text() for w in card.findChildren(QLabel)]


def test_followed_up_closes_a_talk_request(qtbot, settle, house, manager_ctx):
    alex = house.admit()
    row = checkins.submit_checkin(house.store, house.manager, alex.id, mood=2, craving=3,
                                  wants_to_talk=True)
    section = shown(qtbot, settle, manager_ctx)
    card = section.cards["talk"]
    assert names(card) == ["Alex R."]
    button = link(card, "Followed up")
    assert button.accessibleName() == "Followed up with Alex R."

    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: names(card) == [], timeout=15000)
    settle()
    assert checkins.talk_requests(house.store, house.manager, house.house_id) == []
    with house.store.read() as s:
        events = list(s.exec(select(AuditEvent).where(
            AuditEvent.action == "checkin.talk_followed_up")))
    assert [e.entity_id for e in events] == [str(row.id)]


def test_staff_have_no_cravings_or_screens(qtbot, settle, house, staff_ctx):
    alex = house.admit()
    checkins.submit_checkin(house.store, house.manager, alex.id, mood=2, craving=9)
    section = shown(qtbot, settle, staff_ctx)
    assert "cravings" not in section.cards and "screens" not in section.cards
    titles = {c.base_title for c in section.cards.values() if c.isVisible()}
    assert "High cravings today" not in titles and "Screens due this month" not in titles
    assert {"Beds", "Not checked in yet today", "Asked to talk", "Next meeting"} <= titles
    assert section.board is not None and section.board.high_cravings is None
    # ...while a manager sees both for the same house.
    manager = shown(qtbot, settle, make_ctx(house, house.manager))
    assert names(manager.cards["cravings"]) == ["Alex R."]
    assert names(manager.cards["screens"]) == ["Alex R."]


def test_clicking_a_name_opens_the_resident_and_links_open_sections(qtbot, settle, house,
                                                                     manager_ctx):
    alex = house.admit()
    section = shown(qtbot, settle, manager_ctx)
    with qtbot.waitSignal(manager_ctx.bus.open_resident, timeout=2000) as opened:
        qtbot.mouseClick(link(section.cards["checkins"], "Alex R."), LEFT)
    assert opened.args == [alex.id]
    with qtbot.waitSignal(manager_ctx.bus.open_section, timeout=2000) as went:
        qtbot.mouseClick(link(section.cards["checkins"], "Open check-ins"), LEFT)
    assert went.args == ["accountability"]
    meeting = section.cards["meeting"]
    with qtbot.waitSignal(manager_ctx.bus.open_section, timeout=2000) as went:
        qtbot.mouseClick(link(meeting, "Schedule one in Meetings"), LEFT)
    assert went.args == ["meetings"]


def test_auto_refresh_runs_only_while_shown(qtbot, settle, house, manager_ctx):
    house.admit()
    section = shown(qtbot, settle, manager_ctx)
    assert section.timer.isActive() and section.timer.interval() == 60_000
    section.timer.timeout.emit()  # a minute later
    qtbot.waitUntil(lambda: not section.busy, timeout=15000)
    settle()
    section.hide()
    assert not section.timer.isActive()
    assert "(F5)" in section.refresh_button.toolTip()  # F5 is the section's (Section)


def test_the_minute_timer_does_not_read_cravings_again(qtbot, settle, house, manager_ctx):
    """Reading cravings is audited: only a person's refresh or new check-ins read them."""
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    checkins.submit_checkin(house.store, house.manager, alex.id, mood=2, craving=9)

    def reads() -> int:
        with house.store.read() as s:
            return len(list(s.exec(select(AuditEvent).where(
                AuditEvent.action == "checkin.high_cravings.read"))))

    section = shown(qtbot, settle, manager_ctx)
    assert reads() == 1
    for _ in range(3):  # three minutes go by
        before = section.board
        section.timer.timeout.emit()
        qtbot.waitUntil(lambda b=before: section.board is not b and not section.busy,
                        timeout=15000)
        settle()
    manager_ctx.broadcast(Changes.of(RecordKind.RESIDENTS))  # other changes refresh too, without reading cravings
    settle()
    section.hide()
    section.show()  # back to Today from another section
    settle()
    assert reads() == 1
    assert names(section.cards["cravings"]) == ["Alex R."]  # the last ones read stay shown

    checkins.submit_checkin(house.store, house.manager, blair.id, mood=2, craving=8)
    manager_ctx.broadcast(Changes.of(RecordKind.CHECKINS))
    qtbot.waitUntil(lambda: names(section.cards["cravings"]) == ["Alex R.", "Blair C."],
                    timeout=15000)
    settle()
    assert reads() == 2
    reload(qtbot, settle, section)  # Refresh / F5
    assert reads() == 3


def test_an_empty_house_says_so_instead_of_reassuring(qtbot, settle, manager_ctx):
    """With nobody living in the house, no card says 'everyone was home' or 'nice work'."""
    section = shown(qtbot, settle, manager_ctx)
    assert section.board.living == 0
    assert section.empty_house.isVisible()
    assert "Nobody is living in" in section.empty_text.text()
    texts = [label.text() for card in section.cards.values() if card.isVisible()
             for label in card.findChildren(QLabel)]
    joined = " ".join(texts)
    for comfort in ("Everyone", "Nice work", "No one is waiting", "up to date"):
        assert comfort not in joined, comfort
    for key in ("checkins", "curfew", "chores", "screens", "out", "talk"):
        card_text = " ".join(lb.text() for lb in section.cards[key].findChildren(QLabel))
        assert "Nobody is living in the house yet." in card_text, key


def test_a_house_with_residents_shows_no_empty_banner(qtbot, settle, house, manager_ctx):
    house.admit()
    section = shown(qtbot, settle, manager_ctx)
    assert section.board.living == 1 and not section.empty_house.isVisible()
    card_text = " ".join(lb.text() for lb in section.cards["curfew"].findChildren(QLabel))
    assert "Everyone was home by curfew" in card_text


def card_text(card: TodayCard) -> str:
    return " ".join(lb.text() for lb in card.findChildren(QLabel) if lb.isVisibleTo(card))


def test_a_week_without_its_chores_shared_out_says_so(qtbot, settle, house, manager_ctx,
                                                      staff_ctx):
    """Not "No chores are overdue. Nice work": the week's chores are not shared out yet,
    and a manager gets the way to Chores, where the week is generated."""
    house.admit(move_in_date=date.today() - timedelta(days=30))
    section = shown(qtbot, settle, manager_ctx)
    chores_card = section.cards["chores"]
    assert "Nice work" not in card_text(chores_card)
    assert "No chores are set up yet" in card_text(chores_card)
    with qtbot.waitSignal(manager_ctx.bus.open_section, timeout=2000) as went:
        qtbot.mouseClick(link(chores_card, "Add chores in Chores"), LEFT)
    assert went.args == ["chores"]

    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Kitchen", frequency="daily"))
    reload(qtbot, settle, section)
    assert "This week's chores have not been shared out yet." in card_text(chores_card)
    assert "Nice work" not in card_text(chores_card)
    with qtbot.waitSignal(manager_ctx.bus.open_section, timeout=2000) as went:
        qtbot.mouseClick(link(chores_card, "Generate this week's chores in Chores"), LEFT)
    assert went.args == ["chores"]
    # Staff cannot generate a week: told who can, and offered no link.
    staff = shown(qtbot, settle, staff_ctx)
    assert "A house manager can generate the rotation in Chores." in card_text(
        staff.cards["chores"])
    assert not [b for b in staff.cards["chores"].buttons() if "Generate" in b.text()]

    tz = section.board.timezone
    chores.generate_week(house.store, house.manager, house.house_id,
                         week_start(local_day(now(), tz)))  # from today on: nothing overdue
    reload(qtbot, settle, section)
    assert "No chores are overdue. Nice work, everyone." in card_text(chores_card)


def test_a_high_craving_saved_elsewhere_shows_at_the_next_minute(qtbot, settle, house,
                                                                 manager_ctx):
    """A kiosk in another process sends no signal here: the minute's refresh sees that a
    check-in was saved and reads the cravings again (one audited read, not one a minute)."""
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    checkins.submit_checkin(house.store, house.manager, alex.id, mood=3, craving=2)
    section = shown(qtbot, settle, manager_ctx)
    assert names(section.cards["cravings"]) == []
    me = house.resident_actor(blair)
    checkins.submit_checkin(house.store, me, blair.id, mood=1, craving=10)  # "at the kiosk"
    section.timer.timeout.emit()  # no bus signal: only the minute timer
    qtbot.waitUntil(lambda: names(section.cards["cravings"]) == ["Blair C."], timeout=15000)
    settle()

    def reads() -> int:
        with house.store.read() as s:
            return len(list(s.exec(select(AuditEvent).where(
                AuditEvent.action == "checkin.high_cravings.read"))))

    before = reads()
    section.timer.timeout.emit()  # nothing new: no further read
    settle()
    assert reads() == before
