"""Widgets: each renders model objects handed to it; none does I/O."""
