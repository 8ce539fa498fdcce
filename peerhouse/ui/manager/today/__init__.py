"""Today: what needs attention in the house right now."""
