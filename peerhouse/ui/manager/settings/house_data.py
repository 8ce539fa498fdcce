"""What the House tab reads and writes, each in one unit of work: the house, its phases,
the lock card's settings and the language of its papers."""

from __future__ import annotations

from peerhouse.models.houses import House
from peerhouse.services import houses, languages
from peerhouse.services.unit import Unit
from peerhouse.ui.manager.settings.house_dialogs import HouseSettings
from peerhouse.ui.manager.settings.lock import read_values


def house_settings(u: Unit, house_id: int) -> HouseSettings:
    """The house, its phases, the lock card's settings and the language of its papers."""
    return HouseSettings(houses.get_house(u, house_id), houses.list_phases(u, house_id),
                         read_values(u.store), languages.language_of_house(u, house_id))


def save_house(u: Unit, house_id: int, rules: houses.HouseRules, language: str,
               bilingual: bool) -> House:
    """The house rules and the language of its papers, in one unit of work."""
    house = houses.update_house(u, house_id, rules)
    languages.set_house_language(u, house_id, language, bilingual)
    return house
