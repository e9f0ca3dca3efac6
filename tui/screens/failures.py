"""Failures declared by the war room's workers in more than one module."""

from __future__ import annotations

from tui.ui.workers import Failure

# The live view goes on; review will miss this refresh. Once, not once per
# pane and refresh, while the trouble lasts.
ARCHIVE_FAILED = Failure("Snapshot not stored: {error}", severity="warning", timeout=5,
                         write=True, once=True)
# The live view goes on; the war room's next refresh is tried a little later.
LIVE_FAILED = Failure("Live data failed: {error}", then=lambda screen: screen.live.schedule(
    max(5.0, screen.context.refresh_seconds)))
# The war room's incident could not be declared, read or opened.
OPEN_FAILED = Failure("Could not open the incident: {error}")
