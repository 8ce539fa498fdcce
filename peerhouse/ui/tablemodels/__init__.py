"""Qt table models over plain service results (no widget per row)."""
