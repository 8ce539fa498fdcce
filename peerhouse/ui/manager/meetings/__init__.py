"""Meetings: the week's meetings, attendance and minutes."""
