"""The header's line about the store while a PostgreSQL server is away and
a moment after it is back (issue 27, point 2), at 80x24 and 160x48: the
header alone, in the war room's theme and styles, the clock frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tests.factories import T0, make_incident
from tui import screens
from tui.files.paths import bundled
from tui.files.themes import DEFAULT_THEME, load_themes
from tui.model.store_link import StoreLink
from tui.widgets.incident_header import IncidentHeader

NOW = T0 + timedelta(minutes=20)
DOWN = StoreLink(down_since=NOW - timedelta(seconds=35))
BACK = StoreLink(back_at=NOW - timedelta(seconds=2))


class HeaderApp(App[None]):
    CSS_PATH = Path(screens.__file__).parent / "incident_widgets.tcss"

    def __init__(self, link: StoreLink) -> None:
        super().__init__()
        self.link = link
        themes, _ = load_themes(bundled("themes"))
        for theme in themes:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    def compose(self) -> ComposeResult:
        header = IncidentHeader(make_incident(), NOW)
        header.link = self.link
        yield header


@pytest.mark.parametrize(("size", "link"), [((80, 24), DOWN), ((100, 30), DOWN),
                                            ((160, 48), DOWN), ((80, 24), BACK)],
                         ids=["80x24-away", "100x30-away", "160x48-away", "80x24-back"])
def test_header_says_the_store_is_away(snap_compare: Callable[..., bool],
                                       size: tuple[int, int], link: StoreLink) -> None:
    """Away: a first line on red, "store unreachable since 14:19:25Z ·
    read-only · reconnecting", whole at 80 columns, above the P1 CRITICAL
    line, elapsed and the targets as before. Back: "store reconnected at
    14:19:58Z · saving what was kept" in green for a moment."""
    assert snap_compare(HeaderApp(link), terminal_size=size)
