"""`--db` and `[store] url`: a file path, sqlite:///, postgresql://. A
password is refused wherever it would be written down, and shown nowhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.store.location import (
    LocationError,
    PostgresLocation,
    SqliteLocation,
    from_config,
    parse_location,
)

SECRET = "s3cr3t-p@ss:w/rd"


@pytest.mark.parametrize(("text", "path"), [
    ("warroom.db", Path("warroom.db")),
    ("/var/lib/warroom/warroom.db", Path("/var/lib/warroom/warroom.db")),
    ("notes:v2.db", Path("notes:v2.db")),  # a colon without "//" is a file name
    ("sqlite:///relative.db", Path("relative.db")),
    ("sqlite:////abs/olute.db", Path("/abs/olute.db")),
    ("SQLITE:////abs/olute.db", Path("/abs/olute.db")),
    ("sqlite:///my%20file.db", Path("my file.db")),
])
def test_sqlite_locations(text: str, path: Path) -> None:
    assert parse_location(text) == SqliteLocation(path)


def test_a_bare_path_and_sqlite_expand_the_home_folder() -> None:
    assert parse_location("~/w.db") == SqliteLocation(Path("~/w.db").expanduser())
    assert parse_location("sqlite:///~/w.db") == SqliteLocation(Path("~/w.db").expanduser())


@pytest.mark.parametrize("text", [
    "postgresql://warroom@db.internal:5432/warroom",
    "postgres://warroom@db.internal/warroom",
    "postgresql://warroom@[::1]:5432/warroom",
    "postgresql://warroom@primary:5432,replica:5433/warroom?target_session_attrs=read-write",
    "postgresql://?service=warroom",
    "postgresql:///warroom?host=/var/run/postgresql",
    "postgresql://warroom@db/warroom?sslmode=verify-full&application_name=warroom",
])
def test_postgres_locations_are_kept_as_written(text: str) -> None:
    location = parse_location(text)
    assert location == PostgresLocation(text)
    assert isinstance(location, PostgresLocation)
    assert location.connect_arguments() == {"conninfo": text}


def test_the_scheme_is_read_in_any_case() -> None:
    assert parse_location("PostgreSQL://u@db/w") == PostgresLocation("postgresql://u@db/w")


@pytest.mark.parametrize("text", [
    f"postgresql://warroom:{SECRET}@db/warroom",
    "postgresql://warroom:s3cr3t-p@ss@db/warroom",  # "@" in it: libpq splits at the first
    "postgresql://warroom:@db/warroom",
    "postgresql://warroom:s3cr3t#w?rd@db/warroom",
    f"postgresql://warroom@db/warroom?password={SECRET}",
    f"postgresql://warroom@db/warroom?sslmode=require&PASSWORD={SECRET}",
    f"postgresql://warroom@db/warroom?sslpassword={SECRET}",
])
def test_a_password_in_the_url_is_refused_without_being_repeated(text: str) -> None:
    with pytest.raises(LocationError) as caught:
        parse_location(text)
    message = str(caught.value)
    assert message.startswith("--db: the URL holds ")
    assert "PGPASSWORD" in message and "password_file" in message
    for part in ("s3cr3t", "p@ss", "w/rd"):
        assert part not in message


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("   ", "empty"),
    ("mysql://root@db/warroom", "unknown kind of database 'mysql'"),
    ("file:///tmp/x.db", "unknown kind of database 'file'"),
    ("sqlite://host/x.db", "has no host"),
    ("sqlite:///x.db?mode=ro", "takes no options"),
    ("sqlite:///", "names no file"),
    ("sqlite:///:memory:", "names no file"),
    ("sqlite:///x%00.db", "control characters"),
    ("postgresql://u@db:99999/warroom", "port '99999'"),
    ("postgresql://u@db:0/warroom", "port '0'"),
    ("postgresql://u@db:http/warroom", "port 'http'"),
    ("postgresql://u@db/warroom?nosuchoption=1", "nosuchoption"),
    ("postgresql://u@db/warroom?sslmode=require#top", "no #fragment"),
    ("postgresql://a@b@db/warroom", "%40"),
    ("postgresql://db/?dbname=postgresql://u:x@h/db", "itself a connection string"),
    ("postgresql://db/?dbname=host%3Devil", "itself a connection string"),
])
def test_locations_refused_in_one_line(text: str, words: str) -> None:
    with pytest.raises(LocationError) as caught:
        parse_location(text)
    message = str(caught.value)
    assert message.startswith("--db: ") and "\n" not in message
    assert words in message


@pytest.mark.parametrize("text", [
    "postgresql://u@db/warroom\n--help",
    "postgresql://u@db/war\x1b[31mroom",
    "/tmp/war\x1b]0;owned\x07room.db",
    "sqlite:///x\u202e.db",
    "postgresql://u@db/war\troom",
])
def test_control_characters_are_refused_and_shown_escaped(text: str) -> None:
    with pytest.raises(LocationError, match="control characters") as caught:
        parse_location(text)
    assert not any(char in str(caught.value) for char in "\x1b\x07\n\t\u202e")


def test_the_password_comes_from_the_named_environment_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_DB_PASSWORD", SECRET)
    location = parse_location("postgresql://warroom@db/warroom",
                              password_env="WARROOM_DB_PASSWORD")
    assert isinstance(location, PostgresLocation)
    assert location.connect_arguments()["password"] == SECRET
    assert SECRET not in repr(location)
    assert location.display() == "postgresql://warroom@db/warroom"
    # A driver's error that repeats it, as typed or percent-encoded, is scrubbed.
    error = f"FATAL: password {SECRET} (s3cr3t-p%40ss%3Aw%2Frd) refused"
    assert location.scrub(error) == "FATAL: password *** (***) refused"


def test_the_password_comes_from_a_file_without_its_newline(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text(SECRET + "\n")
    location = parse_location("postgresql://warroom@db/warroom",
                              password_file=str(tmp_path / "pw"))
    assert isinstance(location, PostgresLocation) and location.password == SECRET


def test_missing_password_sources_are_named(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    url = "postgresql://warroom@db/warroom"
    with pytest.raises(LocationError, match="environment variable NO_SUCH_PASSWORD"):
        parse_location(url, password_env="NO_SUCH_PASSWORD")
    with pytest.raises(LocationError, match=r"cannot read password_file .*No such file"):
        parse_location(url, password_file=str(tmp_path / "absent"))
    with pytest.raises(LocationError, match="not both"):
        parse_location(url, password_env="A", password_file="b")
    with pytest.raises(LocationError, match="is a SQLite file"):
        parse_location("warroom.db", password_env="A")


def test_the_config_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_DB_PASSWORD", SECRET)
    assert from_config({}, "warroom.toml") is None
    location = from_config({"url": "postgresql://warroom@db/warroom",
                            "password_env": "WARROOM_DB_PASSWORD"}, "warroom.toml")
    assert isinstance(location, PostgresLocation) and location.password == SECRET
    assert from_config({"url": "sqlite:////srv/w.db"}, "w.toml") == SqliteLocation(
        Path("/srv/w.db"))
    with pytest.raises(LocationError, match=r"^w.toml: \[store\] url: the URL holds"):
        from_config({"url": f"postgresql://warroom:{SECRET}@db/warroom"}, "w.toml")


@pytest.mark.parametrize(("table", "words"), [
    ({"url": "postgresql://u@db/w", "password": SECRET}, "never written in the config"),
    ({"password": SECRET}, "never written in the config"),
    ({"url": "postgresql://u@db/w", "pasword_env": "X"}, "unknown key 'pasword_env'"),
    ({"url": 5}, "url must be a string"),
    ({"password_env": "X"}, "a password without a url"),
])
def test_the_config_table_refuses(table: dict[str, object], words: str) -> None:
    with pytest.raises(LocationError, match=r"^w.toml: \[store\]") as caught:
        from_config(table, "w.toml")
    assert words in str(caught.value) and SECRET not in str(caught.value)


def test_psycopg_is_imported_only_for_a_postgresql_url() -> None:
    code = ("import sys\n"
            "from tui.store.location import parse_location\n"
            "import tui.store\n"
            "parse_location('sqlite:////tmp/x.db'); parse_location('x.db')\n"
            "print('psycopg' in sys.modules)\n"
            "parse_location('postgresql://u@h/db')\n"
            "print('psycopg' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]
