"""The command line: parsing, the commands, and building and starting the
war room (the composition root, the one layer that knows every other)."""
