"""A write made by a test's own set-up (moving a clock, forcing a lock, planting rows).

The program seals every row it writes with an audit event (store/seals.py), and the tests
make a write without one an error. A test that changes rows behind the services' back says
so with `setup_write`: the rows are sealed by a "test.setup" event, as if audited, so the
records still pass `check` afterwards. Tampering tests write through the engine instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session

from peerhouse.store import audit


@contextmanager
def setup_write(store: Any) -> Iterator[Session]:
    with store.write() as session:
        yield session
        audit.append(session, store.audit_key, actor="system", action="test.setup")
