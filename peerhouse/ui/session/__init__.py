"""The windows around a manager session: first-run set-up, unlocking the records,
the check as they open (and the damaged-file message), restoring a backup, signing in
and the lock screen."""
