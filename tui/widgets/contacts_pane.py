"""The contacts roster, searchable: who to call, and how.

Keys: / (or typing in the box) searches every field, esc clears, y copies
how to reach the contact under the cursor."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.model.contacts import Contact, Roster
from tui.model.safe_text import printable
from tui.widgets.copy_feedback import copy_and_say
from tui.widgets.cursor_grid import ColumnGrid


class ContactGrid(ColumnGrid):
    HEADINGS = ("NAME", "ROLE", "TEAM", "HANDLE", "PHONE", "EMAIL", "ROTATION")
    # The email takes what the other columns leave.
    WIDTHS = (18, 20, 14, 16, 17, 0, 16)
    COMPONENT_CLASSES = {"grid--team"}
    DEFAULT_CSS = """
    ContactGrid > .grid--team { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contacts: list[Contact] = []

    def set_contacts(self, contacts: list[Contact]) -> None:
        current = self.current
        self.contacts = contacts
        if current is not None:
            self.cursor = next((i for i, c in enumerate(contacts) if c == current), 0)
        self._rows_changed()

    @property
    def row_count(self) -> int:
        return len(self.contacts)

    @property
    def current(self) -> Contact | None:
        return self.contacts[self.cursor] if 0 <= self.cursor < len(self.contacts) else None

    def row_text(self, index: int) -> tuple[str, ...]:
        contact = self.contacts[index]
        return tuple(printable(value) or "—" for value in (
            contact.name, contact.role or ("team" if contact.kind == "team" else ""),
            contact.team, contact.handle, contact.phone, contact.email, contact.rotation))

    def row_ink(self, index: int) -> Style:
        return self._ink("team") if self.contacts[index].kind == "team" else Style()


class ContactsPane(Vertical):
    BINDINGS = [
        Binding("slash", "search", "Search", id="contacts.search"),
        Binding("y", "copy", "Copy contact", id="contacts.copy"),
    ]
    DEFAULT_CSS = """
    ContactsPane #contacts-search { height: 1; border: none; padding: 0 1; }
    ContactsPane #contacts-summary { height: 1; padding: 0 1; color: $text-muted; }
    ContactsPane ContactGrid { height: 1fr; }
    """

    def __init__(self, roster: Roster, *, problem: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.roster = roster
        self.problem = problem

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search name, role, team, rotation, handle, phone…",
                    id="contacts-search", compact=True)
        yield Static("", id="contacts-summary")
        yield ContactGrid(id="contacts-grid")

    def on_mount(self) -> None:
        self._show("")

    @property
    def grid(self) -> ContactGrid:
        return self.query_one(ContactGrid)

    def _show(self, text: str) -> None:
        found = self.roster.search(text)
        self.grid.set_contacts(found)
        if not self.roster.contacts:
            summary = self.problem or (
                "No contacts roster: put contacts.toml beside the config file "
                "(an example is sample_data/contacts.toml)")
        elif text.strip():
            summary = f"{len(found)} of {len(self.roster.contacts)} contacts match"
        else:
            # The file's name: its folder is the config's, and would make
            # the line as long as the path.
            source = Path(self.roster.source).name
            summary = (f"{len(self.roster.contacts)} contacts from {source} · "
                       "/ searches · y copies how to reach them")
        self.query_one("#contacts-summary", Static).update(Text(printable(summary)))

    @on(Input.Changed, "#contacts-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    @on(Input.Submitted, "#contacts-search")
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.grid.focus()

    def action_search(self) -> None:
        self.query_one("#contacts-search", Input).focus()

    def action_copy(self) -> None:
        contact = self.grid.current
        if contact is None:
            return
        text = f"{contact.name}: {contact.reach()}" if contact.reach() else contact.name
        copy_and_say(self.app, text, f"How to reach {contact.name}", detail=text)
