"""Use cases. Every function takes the store and the acting user, checks permission,
validates input, and writes its audit event in the same transaction as the change."""
