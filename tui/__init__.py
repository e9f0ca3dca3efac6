"""Warroom: a terminal war-room console for incident response."""

__version__ = "0.1.0"
