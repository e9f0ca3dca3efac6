"""Textual helpers shared by screens and widgets: the context a screen is
given, workers, keys, the stylesheet, the clipboard and the heap."""
