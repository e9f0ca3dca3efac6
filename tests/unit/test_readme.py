"""The README's two set-up commands are the ones CI and users rely on."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_gives_exactly_two_setup_commands() -> None:
    install_and_run, install_and_test = commands()
    assert install_and_run.endswith("warroom")
    assert "[test]" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_script = (ROOT / ".ci" / "run").read_text()
    assert f"\n{commands()[1]} " in ci_script


def test_readme_screenshot_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    (image,) = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert (ROOT / image).is_file()
