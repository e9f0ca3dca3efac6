"""One threaded HTTP server on loopback for the test servers (the fault
proxy, the Kubernetes API): started, and started again on the same port
after it went down."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(handler: type[BaseHTTPRequestHandler], port: int = 0) -> ThreadingHTTPServer:
    """Serve `handler` on 127.0.0.1:`port` (0: any free port) in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
