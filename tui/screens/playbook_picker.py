"""Choose the playbooks of an incident: those attached are ticked, those
proposed by a change (or that apply and are not attached) are ticked for
you and marked. Space ticks and unticks; ctrl+s attaches the newly ticked
and detaches the unticked; Escape changes nothing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.model.checklist import Attachment
from tui.model.incident import Incident
from tui.model.playbook import Playbook
from tui.model.safe_text import printable
from tui.widgets.inert import inert


def playbook_line(book: Playbook, *, attached: bool, applies: bool, proposed: bool) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{printable(book.title):<44} ", style="bold" if attached else "")
    items = sum(1 for _ in book.items())
    line.append(f"{items:>3} items  ", style="dim")
    line.append(book.when.describe(), style="dim")
    if proposed:
        line.append("  ← proposed", style="bold")
    elif applies and not attached:
        line.append("  applies", style="italic")
    return line


class PlaybookPicker(ModalScreen[set[str] | None]):
    CSS_PATH = "playbook_picker.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Attach/detach", priority=True),
    ]

    def __init__(self, *, library: list[Playbook], attachments: list[Attachment],
                 incident: Incident, proposed: set[str], why: str = "") -> None:
        super().__init__()
        self.incident = incident
        self.attached = {a.playbook.id for a in attachments}
        self.proposed = proposed
        self.why = why
        # A playbook attached from a file since removed still shows (as attached).
        books = {book.id: book for book in library}
        for attachment in attachments:
            books.setdefault(attachment.playbook.id, attachment.playbook)

        position = {a.playbook.id: index for index, a in enumerate(attachments)}

        def order(book: Playbook) -> tuple[int, int, str]:
            """Attached (as on the tracker), proposed or applying, the rest."""
            if book.id in position:
                return 0, position[book.id], ""
            return (1 if book.id in proposed or book.when.matches(incident) else 2, 0,
                    book.title.lower())

        self.books = sorted(books.values(), key=order)

    def compose(self) -> ComposeResult:
        with Vertical(id="playbook-picker"):
            yield Static(Text(self.why or "Ticked playbooks are attached to "
                              f"{self.incident.id}; space ticks, ctrl+s saves."),
                         id="playbook-why")
            yield SelectionList[str](*(
                Selection(playbook_line(book, attached=book.id in self.attached,
                                        applies=book.when.matches(self.incident),
                                        proposed=book.id in self.proposed),
                          book.id, book.id in self.attached or book.id in self.proposed,
                          id=book.id)
                for book in self.books), id="playbook-list")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#playbook-picker")
        box.border_title = inert(f"Playbooks for {self.incident.id}")
        box.border_subtitle = f"{len(self.books)} playbooks"
        self.query_one(SelectionList).focus()

    def action_save(self) -> None:
        self.dismiss(set(self.query_one(SelectionList).selected))
