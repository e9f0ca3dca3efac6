"""Text made from an incident: the post-mortem, the stats export, and the
communication templates (rendered in a child process)."""
