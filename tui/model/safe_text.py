"""Text from outside (pod names, labels, notes pasted from chat) is shown as text.

Rich's `Text` never parses markup, but it lets ESC and other control characters
through to the terminal, where they could move the cursor or recolour the
screen. `printable` replaces them with visible escapes."""

from __future__ import annotations

import re

# C0 and C1 controls, and the bidirectional embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069, U+061C) that reorder what follows
# them on screen ("Trojan Source", CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, single_line: bool = True) -> str:
    if text.isascii() and text.isprintable():
        # Nothing to replace: ASCII holds no C1 control or bidi mark, and
        # isprintable() is False for every C0 control, DEL, tab and newline.
        # The pods source runs this seven times a pod.
        return text
    cleaned = _CONTROL.sub(_escape, text)
    if single_line:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    else:
        cleaned = cleaned.replace("\t", "    ")
    return cleaned


# Letters, digits and a few marks: no separators, no controls, nothing a
# shell or another operating system reads specially.
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._+-]+")
NAME_LIMIT = 80


def file_stem(text: str, fallback: str = "incident") -> str:
    """`text` (an incident id, a template id) as a safe file-name part: it
    can neither leave the folder ("/", ".."), hide (a leading dot), read as
    an option (a leading dash) nor exceed what a file system takes."""
    stem = _UNSAFE_IN_NAME.sub("_", text).lstrip(".-")[:NAME_LIMIT]
    return stem or fallback


def describe_exception(error: BaseException | None) -> str:
    """One line for an unexpected error: its type and its text made safe."""
    if error is None:
        return "unknown error"
    text = printable(str(error))
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
