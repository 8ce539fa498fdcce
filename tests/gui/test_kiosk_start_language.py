"""The kiosk's start screen: the tapped language, else the developer's PEERHOUSE_LANGUAGE,
else the house's."""

from __future__ import annotations

from types import SimpleNamespace

from peerhouse.ui.kiosk.language import KioskLanguage


def test_the_start_language_is_tapped_then_pinned_then_the_houses(monkeypatch) -> None:
    spanish_house = SimpleNamespace(language="es")
    monkeypatch.delenv("PEERHOUSE_LANGUAGE", raising=False)
    assert KioskLanguage().for_start(spanish_house) == "es"  # type: ignore[arg-type]
    monkeypatch.setenv("PEERHOUSE_LANGUAGE", "en")
    languages = KioskLanguage()
    assert languages.for_start(spanish_house) == "en"  # type: ignore[arg-type]
    languages.chosen = "es"
    assert languages.for_start(spanish_house) == "es"  # type: ignore[arg-type]
    monkeypatch.setenv("PEERHOUSE_LANGUAGE", "fr")  # not a language PeerHouse speaks
    assert KioskLanguage().for_start(SimpleNamespace(language="en")) == "en"  # type: ignore[arg-type]
