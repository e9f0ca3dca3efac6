"""The process that fills users' templates, apart from the war room.

A runaway template, even one the budget stops within its deadline, holds
the interpreter lock in long C-level steps (copying megabytes of text) and
made each key in the war room wait about half a second; one stuck in a
single C call could not be stopped at all. Here it costs this process only,
and the war room can end it.

Speaks over its standard input and output: each request is a 4-byte length
and a pickle of (source, fields, deadline seconds) from the war room that
started it; each answer a length and UTF-8 JSON `[ok, text]`. Answers are
JSON, not pickle: the war room trusts nothing a template could shape."""

from __future__ import annotations

import json
import pickle
import struct
import sys
from typing import IO, Any

HEADER = struct.Struct(">I")


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: IO[bytes], body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def answer(source: str, fields: dict[str, Any], deadline: float) -> tuple[bool, str]:
    import tui.render.template_budget as template_budget
    from tui.render.templates import TemplateError, render

    template_budget.DEADLINE_SECONDS = deadline
    try:
        return True, render(source, fields)
    except TemplateError as error:
        return False, str(error)
    except MemoryError:
        return False, "template stopped: out of memory"


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    while (frame := read_frame(requests)) is not None:
        source, fields, deadline = pickle.loads(frame)  # from the war room that started us
        ok, text = answer(source, fields, deadline)
        write_frame(answers, json.dumps([ok, text]).encode())


# A template that doubles text past its budget in one C call fails here
# with MemoryError rather than swapping the machine the war room runs on.
ADDRESS_SPACE_BYTES = 2 << 30


if __name__ == "__main__":
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))
    # Whatever a template makes reaches the war room only through answers.
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    serve(requests, answers)
