"""Counts in words as a reader says them: "1 incident", "2 incidents"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """`count` and the noun, singular for exactly one; `plural` where adding
    an s is wrong."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
