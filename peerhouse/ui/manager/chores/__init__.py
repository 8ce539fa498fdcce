"""Chores: the weekly board and the house's chore list."""
