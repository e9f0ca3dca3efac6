"""The argument parser of every `warroom` command line."""

from __future__ import annotations

import argparse
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line naming the problem, instead of usage plus error.
        self.exit(2, f"warroom: {message} (see {self.prog} --help)\n")
