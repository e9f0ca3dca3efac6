"""What would be lost by quitting now, said in one line."""

from __future__ import annotations


def unsaved_summary(*, notes: int = 0, note_typed: bool = False, draft: bool = False,
                    forms: int = 0) -> str:
    """'2 notes not saved yet', 'a half-typed note', … joined; empty when
    nothing typed would be lost."""
    parts = []
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''} not saved yet")
    if note_typed:
        parts.append("a note typed but not entered")
    if draft:
        parts.append("a composer draft not kept yet")
    if forms:
        parts.append(f"{forms} open form{'s' if forms != 1 else ''} with changes")
    return ", ".join(parts)
