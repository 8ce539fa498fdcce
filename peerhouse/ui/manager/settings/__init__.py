"""Settings: house rules, staff accounts, resources, security, backups, audit log."""
