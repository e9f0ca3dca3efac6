"""Where data comes from: Prometheus, Kubernetes, and the demo recording.
Sources produce immutable model snapshots and never import Textual."""


class SourceError(Exception):
    """A response we cannot use; the message is shown to the user as is."""
