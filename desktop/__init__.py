"""Hamyar (همیار): offline-first Persian desktop app for neighbourhood facilitation offices."""

__version__ = "0.1.0"
