"""Where data comes from: Prometheus, Kubernetes, and the demo recording.
Sources produce immutable model snapshots and never import Textual."""


class SourceError(Exception):
    """A response we cannot use; the message is shown to the user as is."""


def describe_error(error: BaseException | None) -> str:
    """One line for an error: a source's own message, or for anything
    unexpected its type and its text made safe."""
    from tui.model.safe_text import describe_exception

    if isinstance(error, SourceError):
        return str(error)
    return describe_exception(error)
