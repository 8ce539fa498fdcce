"""Accountability: check-ins, sign-outs and curfew, outside meetings, screens, incidents."""
