"""The user's files on disk: the config, playbooks, contacts, themes,
templates and exports, read with one clear line when they cannot be."""
