"""The baseline: the smallest Textual app with a Header and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header


class Minimal(App[None]):
    TITLE = "Minimal baseline"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
