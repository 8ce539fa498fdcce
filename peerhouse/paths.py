"""Where PeerHouse keeps its files.

One data directory holds the encrypted database, its key file and the backups folder,
so that moving or backing up a house is moving one folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "PEERHOUSE_DATA_DIR"
DB_NAME = "peerhouse.db"
KEYFILE_NAME = "peerhouse.keys"
# How far the records had come when last saved (store/seal.py), beside the database.
SEAL_SUFFIX = "-seal"
# Present only while a restore is swapping files (or after one was interrupted).
RESTORE_JOURNAL_NAME = "peerhouse.restore-journal"


def default_data_dir() -> Path:
    """The data dir: `PEERHOUSE_DATA_DIR` if set, else the per-user data folder."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # only when needed: it is slow to import

    return Path(user_data_dir("PeerHouse", appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    """The files inside one data directory."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def keyfile(self) -> Path:
        return self.root / KEYFILE_NAME

    @property
    def seal(self) -> Path:
        return self.root / (DB_NAME + SEAL_SUFFIX)

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def restore_journal(self) -> Path:
        return self.root / RESTORE_JOURNAL_NAME

    def wal_files(self) -> list[Path]:
        return [self.root / (DB_NAME + "-wal"), self.root / (DB_NAME + "-shm")]

    def exists(self) -> bool:
        """True when a database or key file is present (or a restore is half-way through
        putting them in place): never create over either."""
        return self.db.exists() or self.keyfile.exists() or self.restore_journal.exists()

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        return cls(Path(data_dir).expanduser() if data_dir else default_data_dir())
