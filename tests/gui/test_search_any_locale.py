"""Searching a table finds a person whatever the case and accents typed and whatever the
PC's locale: 'ilker' finds 'İlker' under a Turkish PC too, 'jose munoz' finds
'José Muñoz', 'strasse' finds 'Straße' (str.lower() missed the first and the last)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from process_locales import locale_env, pc_locale

from peerhouse.i18n.text import folded, matches
from peerhouse.ui import formats
from peerhouse.ui.manager.residents.table import ResidentRow, ResidentsModel
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import make_table

NAMES = ["İlker Yılmaz", "José Muñoz", "Anna Straße", "IGOR IVANOV", "Işıl Demir"]
SEARCHES = {
    "ilker": ["İlker Yılmaz"], "İLKER": ["İlker Yılmaz"], "yilmaz": ["İlker Yılmaz"],
    "jose munoz": ["José Muñoz"], "JOSÉ": ["José Muñoz"], "strasse": ["Anna Straße"],
    "STRASSE": ["Anna Straße"], "igor": ["IGOR IVANOV"], "ivanov i": ["IGOR IVANOV"],
    "isil": ["Işıl Demir"], "IŞIL": ["Işıl Demir"],
}


@pytest.fixture(scope="module")
def turkish_pc(tmp_path_factory):
    env = locale_env(tmp_path_factory.mktemp("locales"), ("tr_TR.UTF-8",))
    with pc_locale("tr_TR.UTF-8", env):
        yield


@dataclass(frozen=True)
class Person:
    name: str


def _row(n: int, name: str) -> ResidentRow:
    first, last = name.split(" ", 1)
    return ResidentRow(n, first, last, "", str(n), "", 0, None, None, None, "active")


@pytest.mark.usefixtures("turkish_pc")
def test_folded_text_ignores_case_and_accents_by_unicode_rules():
    assert folded("İlker") == "ilker" == folded("ILKER")
    assert folded("José Muñoz") == "jose munoz"
    assert folded("Straße") == folded("STRASSE") == "strasse"
    assert matches("jose  MUNOZ", "José Muñoz, bed 3") and not matches("josef", "José")


@pytest.mark.usefixtures("turkish_pc")
@pytest.mark.parametrize(("typed", "found"), SEARCHES.items())
def test_a_table_search_finds_the_person_on_a_turkish_pc(qapp, typed, found):
    model: RowsModel[Person] = RowsModel([Column("Name", lambda p: p.name)])
    _view, proxy = make_table(model)
    model.set_rows([Person(n) for n in NAMES])
    proxy.set_search(typed)
    assert [proxy.row_at(r).name for r in range(proxy.rowCount())] == found


@pytest.mark.usefixtures("turkish_pc")
@pytest.mark.parametrize(("typed", "found"), SEARCHES.items())
def test_the_residents_search_finds_the_person_on_a_turkish_pc(qapp, typed, found):
    model = ResidentsModel()
    model.set_rows([_row(n, name) for n, name in enumerate(NAMES, 1)])
    model.set_filter(typed)
    assert [r.full_name for r in model.rows] == found


@pytest.mark.usefixtures("turkish_pc")
def test_screen_dates_do_not_follow_the_pcs_locale(qapp):
    at = datetime(2026, 3, 3, 19, 5, tzinfo=UTC)
    assert formats.long_day(at.date()) == "Tuesday, March 3"
    assert formats.local_when(at, "UTC", weekday=False) == "Mar 3, 7:05 PM"
    assert formats.local_when(at, "UTC", weekday=False, year=True) == "Mar 3, 2026, 7:05 PM"
