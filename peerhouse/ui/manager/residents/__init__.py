"""Residents: the list, the admit / edit form and other actions, and a resident's page."""
