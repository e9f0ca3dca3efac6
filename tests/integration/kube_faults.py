"""How the loopback Kubernetes API server misbehaves when a test asks it
to: refuse with a status or by RBAC, answer slowly, expire a continue token,
or answer with a body that is not what was asked."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Faults:
    status: int = 0  # answer every request with this status
    forbidden_namespaces: set[str] = field(default_factory=set)
    forbidden_resources: set[str] = field(default_factory=set)  # e.g. {"events"}
    list_delay: float = 0.0  # before every list answer (each page of a paged one)
    # Compact the history before answering the next `continue`: the token
    # the client holds is then too old, as when the cluster churns fast.
    expire_next_continue: bool = False
    # Answer with 200 and a body that is not what was asked: "garbage" (not
    # JSON at all, with an escape code) or "truncated" (the first half).
    body: str = ""

    def spoil(self, status: int, data: bytes) -> bytes:
        """The body a 200 answer carries, garbled as `body` says."""
        if status == 200 and self.body == "garbage":
            return b"\x1b[2J<html>502 Bad Gateway [red]proxy[/red]</html>"
        if status == 200 and self.body == "truncated":
            return data[: len(data) // 2]
        return data
