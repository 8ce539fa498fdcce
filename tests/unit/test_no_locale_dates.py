"""No day or month name comes from the PC's locale: strftime's %a/%A/%b/%B/%p/%I/%c (in an
f-string's format spec or a strftime call) follow whatever locale Qt set from LANG, which
printed 'mar dic 8' (Tuesday, read as March) under es_ES. Names come from the one format
module (peerhouse/i18n/formats.py) in the reader's language; numeric stamps (%Y%m%d) are
fine."""

from __future__ import annotations

import re
from pathlib import Path

import peerhouse

ROOT = Path(peerhouse.__file__).parent
LOCALE_NAMED = re.compile(r"%[aAbBpIcxX]")
# A format spec inside braces ({day:%a}) or a strftime/strptime argument.
SITES = re.compile(r"\{[^{}\n]*:[^{}\n]*%[aAbBpIcxX][^{}\n]*\}|strftime\([^)\n]*%[aAbBpIcxX]")


def locale_named_dates(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "formats.py" and path.parent.name == "i18n":
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if SITES.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(root.parent).as_posix()}:{n}: {line.strip()}")
    return found


def test_no_day_or_month_name_comes_from_the_pc_locale():
    assert locale_named_dates(ROOT) == []


def test_the_scan_sees_format_specs_and_strftime(tmp_path):
    (tmp_path / "a.py").write_text('x = f"{day:%a} {day.day}"\ny = d.strftime("%b %d")\n'
                                   'z = f"{stamp:%Y%m%d}"\n', "utf-8")
    assert [f.split(":")[1] for f in locale_named_dates(tmp_path)] == ["1", "2"]
    assert LOCALE_NAMED.search("%Y%m%dT%H%M%SZ") is None
