"""The contacts roster: people and teams the war room calls on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    name: str
    kind: str = "person"  # or "team"
    role: str = ""  # "SRE", "Engineering manager"
    team: str = ""
    handle: str = ""  # chat handle or channel: @dana, #payments-oncall
    phone: str = ""
    email: str = ""
    rotation: str = ""  # the on-call rotation label: platform-primary

    def reach(self) -> str:
        """How to get hold of them, most immediate first."""
        return " · ".join(part for part in (self.handle, self.phone, self.email) if part)

    def haystack(self) -> str:
        return " ".join((self.name, self.kind, self.role, self.team, self.handle, self.phone,
                         self.email, self.rotation)).lower()

    def answers_to(self, who: str) -> bool:
        """Whether `who` (an escalation step's contact) names this entry: its
        name, rotation, role or team, in any case."""
        wanted = who.strip().lower()
        return bool(wanted) and wanted in (self.name.lower(), self.rotation.lower(),
                                           self.role.lower(), self.team.lower())


@dataclass(frozen=True)
class Roster:
    contacts: tuple[Contact, ...] = ()
    # Where it was read from ("" when there is no roster).
    source: str = ""

    def search(self, text: str) -> list[Contact]:
        """Every word must appear somewhere in the entry (name, role, team,
        handle, phone, email, rotation); people before teams, by name."""
        words = text.lower().split()
        found = [contact for contact in self.contacts
                 if all(word in contact.haystack() for word in words)]
        return sorted(found, key=lambda c: (c.kind != "person", c.name.lower()))

    def find(self, who: str) -> Contact | None:
        """The entry an escalation step means: its name first, then its
        rotation, role or team; a person before a team."""
        wanted = who.strip().lower()
        matches = [contact for contact in self.contacts if contact.answers_to(who)]
        matches.sort(key=lambda c: (c.name.lower() != wanted, c.kind != "person"))
        return matches[0] if matches else None

    def people(self) -> list[Contact]:
        return [contact for contact in self.contacts if contact.kind == "person"]
