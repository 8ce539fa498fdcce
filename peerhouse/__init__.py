"""PeerHouse: offline-first, encrypted house management for small sober living houses."""

__version__ = "0.1.0"
