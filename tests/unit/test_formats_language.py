"""Dates, times, numbers and money read the same in a language whatever the PC's locale:
English as PeerHouse always printed it, Spanish from CLDR, under LANG=es_ES, tr_TR or
de_DE too, and after Qt has set the process locale from LANG."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time

import pytest
from process_locales import PC_LOCALES, locale_env, pc_locale

from peerhouse.i18n import formats, use_language

D = date(2026, 3, 3)  # a Tuesday in March: 'mar' is both in Spanish

ENGLISH = {
    "clock": ["7:05 PM", "12:00 AM", "12:30 PM", "9:40 AM"],
    "short_day": ["Tue Mar 3", "Tue Mar 3, 2026"],
    "date_text": ["Mar 3, 2026", "Tue Mar 3, 2026", "–", "Sep 30, 2026"],
    "month_day": ["Mar 3", "Dec 31"],
    "long_day": ["Tuesday, March 3", "Sunday, December 6"],
    "long_date": ["March 3, 2026"],
    "weekday_name": ["Tuesday", "Tue"],
    "date_time_text": ["Dec 1, 2026, 1:01 PM"],
    "week_span": ["Dec 7 – 13", "Nov 30 – Dec 6", "Dec 28 – Jan 3", "Dec 7 – 13, 2026",
                  "Nov 30 – Dec 6, 2026", "Dec 28, 2026 – Jan 3, 2027"],
    "week_of": ["Week of Dec 7 – 13", "Week of Dec 28, 2026 – Jan 3, 2027"],
    "plural": ["1 account", "2 accounts", "0 entries", "1 entry"],
    "number": ["0", "999", "1,234", "1,234,567", "-5,000"],
    "money": ["$1,234.50", "$0.05", "-$5.00", "$0.00", "$1,000,000.00"],
}
SPANISH = {
    "clock": ["7:05 p.m.", "12:00 a.m.", "12:30 p.m.", "9:40 a.m."],
    "short_day": ["mar, 3 mar", "mar, 3 mar 2026"],
    "date_text": ["3 mar 2026", "mar, 3 mar 2026", "–", "30 sep 2026"],
    "month_day": ["3 mar", "31 dic"],
    "long_day": ["martes, 3 de marzo", "domingo, 6 de diciembre"],
    "long_date": ["3 de marzo de 2026"],
    "weekday_name": ["martes", "mar"],
    "date_time_text": ["1 dic 2026, 1:01 p.m."],
    "week_span": ["7 – 13 dic", "30 nov – 6 dic", "28 dic – 3 ene", "7 – 13 dic 2026",
                  "30 nov – 6 dic 2026", "28 dic 2026 – 3 ene 2027"],
    "week_of": ["Semana del 7 – 13 dic", "Semana del 28 dic 2026 – 3 ene 2027"],
    # Words and numbers are not translated yet: as in English.
    **{name: ENGLISH[name] for name in ("plural", "number", "money")},
}


def samples() -> dict[str, list[str]]:
    """Every function of the format module on the days and values above."""
    f = formats
    return {
        "clock": [f.clock_text(t) for t in (time(19, 5), time(0, 0), datetime(2026, 1, 1, 12, 30),
                                             time(9, 40, 59))],
        "short_day": [f.short_day(D), f.short_day(D, year=True)],
        "date_text": [f.date_text(D), f.date_text(D, weekday=True), f.date_text(None, empty="–"),
                      f.date_text(date(2026, 9, 30))],
        "month_day": [f.month_day(D), f.month_day(date(2026, 12, 31))],
        "long_day": [f.long_day(D), f.long_day(date(2026, 12, 6))],
        "long_date": [f.long_date(D)],
        "weekday_name": [f.weekday_name(D), f.weekday_name(D, short=True)],
        "date_time_text": [f.date_time_text(datetime(2026, 12, 1, 13, 1))],
        "week_span": [f.week_span(date(2026, 12, 7)), f.week_span(date(2026, 11, 30)),
                      f.week_span(date(2026, 12, 28)), f.week_span(date(2026, 12, 7), year=True),
                      f.week_span(date(2026, 11, 30), year=True),
                      f.week_span(date(2026, 12, 28), year=True)],
        "week_of": [f.week_of(date(2026, 12, 7)), f.week_of(date(2026, 12, 28), year=True)],
        "plural": [f.plural(1, "account"), f.plural(2, "account"), f.plural(0, "entry", "entries"),
                   f.plural(1, "entry", "entries")],
        "number": [f.number(n) for n in (0, 999, 1234, 1234567, -5000)],
        "money": [f.money(c) for c in (123450, 5, -500, 0, 100_000_000)],
    }


def both() -> dict[str, dict[str, list[str]]]:
    out = {}
    for code in ("en", "es"):
        with use_language(code):
            out[code] = samples()
    return out


def test_english_reads_as_peerhouse_always_printed_it():
    assert both()["en"] == ENGLISH


def test_spanish_reads_as_cldr_latin_american_spanish():
    assert both()["es"] == SPANISH


def test_spaces_are_plain_so_every_pdf_font_draws_them():
    for code, texts in both().items():
        for name, values in texts.items():
            for text in values:
                assert not {"\u202f", "\u2009", "\u00a0"} & set(text), (code, name, text)


@pytest.fixture(scope="module")
def pc_env(tmp_path_factory) -> dict[str, str]:
    return locale_env(tmp_path_factory.mktemp("locales"))


@pytest.mark.parametrize("pc", PC_LOCALES)
def test_the_pcs_locale_changes_nothing(pc_env, pc):
    with pc_locale(pc, pc_env):
        assert f"{D:%a %b}" != "Tue Mar"  # the PC's locale is really in force
        assert both() == {"en": ENGLISH, "es": SPANISH}


CHILD = """
import json, locale, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
sys.path.insert(0, {tests!r})
from test_formats_language import both
print(json.dumps({{"lc_time": locale.setlocale(locale.LC_TIME), "texts": both()}}))
"""


@pytest.mark.parametrize("pc", PC_LOCALES)
def test_nothing_changes_after_qt_sets_the_locale_from_lang(pc_env, pc):
    env = {**os.environ, **pc_env, "LANG": pc, "LC_ALL": pc, "QT_QPA_PLATFORM": "offscreen"}
    code = CHILD.format(tests=os.path.dirname(__file__))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["lc_time"] == pc  # Qt did set the PC's locale
    assert result["texts"] == {"en": ENGLISH, "es": SPANISH}
