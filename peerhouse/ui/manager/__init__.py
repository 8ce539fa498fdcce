"""The manager window's sections (one module each)."""
