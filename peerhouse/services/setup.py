"""Setting up a new PeerHouse: one path for the CLI's `init` and the first-run wizard (and,
through peerhouse/demo/setup.py, for `demo`).

Everything a person typed is checked before any file is created; if filling the new
database fails part-way, only the files this set-up created are removed again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from peerhouse.errors import AlreadyExists
from peerhouse.i18n import Message, lazy
from peerhouse.models.enums import Role
from peerhouse.paths import DataPaths
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.accounts import create_account, normalise_username
from peerhouse.services.actor import Actor
from peerhouse.services.houses import HouseRules, create_house
from peerhouse.services.secrets_policy import check_password_policy
from peerhouse.store import keyring_slot, vault
from peerhouse.store.engine import Store


@dataclass(frozen=True)
class Owner:
    """The first owner account, already checked."""

    username: str
    display_name: str
    password: str


@dataclass(frozen=True)
class SetupResult:
    """A new set-up: its open store, the recovery code to show once, and what was made."""

    store: Store
    recovery_code: str
    keyring_message: Message | str
    owner_id: int
    house_names: tuple[str, ...]
    summary: object | None = None  # demo.generate.DemoSummary for demo set-ups


def check_owner(paths: DataPaths, username: str, display_name: str, password: str) -> Owner:
    """Check the data dir and the owner's details before anything is created."""
    if paths.exists():
        raise AlreadyExists(vault.ALREADY_SET_UP.with_values(folder=paths.root))
    username = normalise_username(username)
    display = validate.text("display name", display_name or username, limits.FULL_NAME,
                            required=True, label=lazy("Display name"))
    check_password_policy(password, username=username)
    return Owner(username, display, password)


@contextlib.contextmanager
def new_setup(paths: DataPaths, owner: Owner) -> Iterator[vault.NewDatabase]:
    """Create a new encrypted database; if filling it fails, remove what was just made."""
    if paths.exists():
        raise AlreadyExists(vault.ALREADY_SET_UP.with_values(folder=paths.root))
    new = vault.create_database(paths, owner.password, owner.username)
    try:
        yield new
    except BaseException:
        new.store.close()
        keyring_slot.forget_key(new.store.setup_id)
        for leftover in (paths.db, paths.keyfile, *paths.wal_files()):
            leftover.unlink(missing_ok=True)
        raise


def create_owner(store: Store, owner: Owner) -> int:
    """The first owner's account in a new set-up; its id."""
    view = create_account(store, Actor.system(), owner.username, owner.display_name, Role.OWNER,
                          owner.password)
    return view.id


def create_setup(paths: DataPaths, owner: Owner, rules: HouseRules) -> SetupResult:
    """A new, empty set-up with one house and the default resources directory."""
    from peerhouse.services.resources import seed_default_resources

    rules = rules.validated()
    with new_setup(paths, owner) as new:
        owner_id = create_owner(new.store, owner)
        house = create_house(new.store, Actor.system(), rules)
        seed_default_resources(new.store, Actor.system())
    return SetupResult(new.store, new.recovery_code, new.keyring_message, owner_id, (house.name,))
