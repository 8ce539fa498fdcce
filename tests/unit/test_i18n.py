"""The translation machinery: the current language, the catalogs and lazy messages."""

from __future__ import annotations

import threading
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from peerhouse import i18n
from peerhouse.i18n import catalog, lazy, lazy_plural, use_language
from peerhouse.i18n.language import current_language, set_default_language


def test_the_language_is_the_innermost_block_then_the_process_default():
    assert current_language() == "en"
    with use_language("es"):
        assert current_language() == "es"
        with use_language("en"):
            assert current_language() == "en"
        assert current_language() == "es"
    assert current_language() == "en"
    with pytest.raises(ValueError, match="unknown language 'fr'"), use_language("fr"):
        pass


def test_a_thread_starts_in_the_process_default_not_in_the_callers_block():
    seen: list[str] = []
    try:
        set_default_language("es")
        with use_language("en"):
            worker = threading.Thread(target=lambda: seen.append(current_language()))
            worker.start()
            worker.join()
    finally:
        set_default_language("en")
    assert seen == ["es"]
    with pytest.raises(ValueError):
        set_default_language("es_ES")


def test_the_spanish_catalog_ships_in_the_package_and_translates():
    assert catalog.catalog_path("es").is_file()
    assert i18n._("Week of {span}") == "Week of {span}"
    with use_language("es"):
        assert i18n._("Week of {span}") == "Semana del {span}"
        assert i18n._("A message nobody marked") == "A message nobody marked"
    assert i18n.gettext_("Week of {span}", language="es") == "Semana del {span}"


@pytest.fixture
def test_catalog(tmp_path, monkeypatch):
    """A Spanish catalog with a plural and a broken translation, in place of the real one."""
    cat = Catalog(locale="es", domain="peerhouse")  # Plural-Forms from CLDR: 3 forms
    cat.add(("{n} chore", "{n} chores"), ("{n} tarea", "{n} de tareas", "{n} tareas"))
    cat.add("Hello {name}", "Hola {name}")
    cat.add("Bad {name}", "Mal {nombre}")
    cat.add("{who} signed {what}", "{who} firmó {what}")
    cat.add("the lease", "el contrato")
    buf = BytesIO()
    write_mo(buf, cat)
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "peerhouse.mo").write_bytes(buf.getvalue())
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    catalog.translations.cache_clear()
    yield
    catalog.translations.cache_clear()


@pytest.mark.usefixtures("test_catalog")
def test_plurals_follow_the_catalogs_plural_forms():
    with use_language("es"):
        forms = [i18n.ngettext("{n} chore", "{n} chores", n) for n in (1, 2, 0, 1_000_000)]
    assert forms == ["{n} tarea", "{n} tareas", "{n} tareas", "{n} de tareas"]
    assert [i18n.ngettext("{n} chore", "{n} chores", n) for n in (1, 2, 0)] == [
        "{n} chore", "{n} chores", "{n} chores"]


@pytest.mark.usefixtures("test_catalog")
def test_a_lazy_message_renders_in_the_readers_language_with_its_values():
    msg = lazy("Hello {name}", name="Ana")
    assert msg.render("es") == "Hola Ana" and msg.render("en") == "Hello Ana"
    assert str(msg) == "Hello Ana"
    with use_language("es"):
        assert str(msg) == "Hola Ana" and f"{msg}" == "Hola Ana"
    chores = lazy_plural("{n} chore", "{n} chores", 3)
    assert chores.render("es") == "3 tareas" and chores.render("en") == "3 chores"
    assert lazy_plural("{n} chore", "{n} chores", 1).render("es") == "1 tarea"
    # A message inside a message reads in the same language as the outer one.
    signed = lazy("{who} signed {what}", who="Ana", what=lazy("the lease"))
    assert signed.render("es") == "Ana firmó el contrato"
    assert signed.render("en") == "Ana signed the lease"


@pytest.mark.usefixtures("test_catalog")
def test_a_translation_whose_fields_do_not_fit_shows_the_english(caplog):
    assert lazy("Bad {name}", name="Ana").render("es") == "Bad Ana"
    assert "does not fit" in caplog.text and "Ana" not in caplog.text


def test_a_missing_catalog_reads_as_english(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    catalog.translations.cache_clear()
    try:
        assert lazy("Week of {span}", span="x").render("es") == "Week of x"
    finally:
        catalog.translations.cache_clear()
    assert "no es catalog" in caplog.text
