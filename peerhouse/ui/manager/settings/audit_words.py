"""The audit log in words a house manager reads: the words live beside the action codes
(models/audit_actions.py); named here for the windows that import them today (the bridge
moves them to the model module and removes this one)."""

from __future__ import annotations

from peerhouse.models.audit_actions import ENTITY_WORDS, Action, action_text, entity_text, who_text

__all__ = ["ENTITY_WORDS", "Action", "action_text", "entity_text", "who_text"]
