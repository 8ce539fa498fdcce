"""The resident kiosk (`peerhouse kiosk`): PIN login and a resident's own daily actions."""
