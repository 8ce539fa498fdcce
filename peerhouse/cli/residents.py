"""`peerhouse import residents` and `peerhouse export residents`: a CSV file in or out,
by a staff member who signs in with `--user` (so the messages are in their language)."""

from __future__ import annotations

import argparse

from peerhouse.cli.support import (
    EXIT_OK,
    check_writable_target,
    existing_file,
    pick_house,
    say,
    staff_session,
)
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.paths import DataPaths


def cmd_import_residents(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services.residents_import import PossibleDuplicates, import_residents

    source = existing_file(args.file)
    with staff_session(paths, args.user) as (store, actor):
        house = pick_house(store, actor, args.house)
        assert house.id is not None
        try:
            result = import_residents(store, actor, source, house.id,
                                      allow_duplicates=args.allow_duplicates)
        except PossibleDuplicates as exc:
            exc.args = (lazy("{why} Check them; if they are different people, run the same "
                             "command again with --allow-duplicates.", why=exc.args[0]),)
            raise
    n = len(result.resident_ids)
    say(ngettext("Imported {n} resident into {house}.", "Imported {n} residents into {house}.",
                 n).format(n=n, house=house.name))
    return EXIT_OK


def cmd_export_residents(args: argparse.Namespace, paths: DataPaths) -> int:
    from peerhouse.services.residents_csv import export_residents

    target = check_writable_target(args.file, lazy("file"))
    with staff_session(paths, args.user) as (store, actor):
        house = pick_house(store, actor, args.house) if args.house else None
        count = export_residents(store, actor, target, status=args.status,
                                 house_id=house.id if house else None)
        unrecorded = store.read_only
    if house:
        say(ngettext("Exported {n} resident of {house} to {file}. The file is not encrypted: "
                     "keep it safe and delete it when done.",
                     "Exported {n} residents of {house} to {file}. The file is not encrypted: "
                     "keep it safe and delete it when done.", count).format(
            n=count, house=house.name, file=target))
    else:
        say(ngettext("Exported {n} resident to {file}. The file is not encrypted: keep it "
                     "safe and delete it when done.",
                     "Exported {n} residents to {file}. The file is not encrypted: keep it "
                     "safe and delete it when done.", count).format(n=count, file=target))
    if unrecorded:
        say(_("The data folder is read-only, so this export is not in its audit log."))
    return EXIT_OK
