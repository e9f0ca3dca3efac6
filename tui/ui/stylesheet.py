"""The app's stylesheet, parsed once per set of variables.

Textual parses every style source again (a fresh stylesheet, no cache)
whenever it refreshes the CSS: when a screen brings its own files, and
again when a mode or a screen is set up after the theme was chosen, though
the theme's variables have not changed since. At start that parsed the
nine to fifty sources of the war room twice, on the way to the first
frame. Here a refresh with the same variables only parses the sources
added since (each source's rules are kept, as Textual's own parse keeps
them); new variables (another theme) parse everything again, as before."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class ParsedOnce(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        # The variables the rules were (or will be) parsed with.
        self._given = dict(variables or {})

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._given:
            return  # the same theme: the rules and their cache hold
        self._given = dict(variables)
        super().set_variables(variables)

    def reparse(self) -> None:
        # Only sources not parsed with these variables yet; the others come
        # from the cache (Textual's reparse parses all of them afresh).
        try:
            self.parse()
        except Exception:
            # A broken source: as Textual does it, keeping the rules in hand.
            super().reparse()
