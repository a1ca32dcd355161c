from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest

from npa_schema.errors import ConfigError
from npa_schema.urls import mask_url, parse_url


def test_password_is_masked_everywhere_in_text() -> None:
    text = "could not connect to postgresql://app:hunter2@db:5432/prod and mssql://sa:Secr3t@h/db?PWD=x1"
    masked = mask_url(text)
    assert "hunter2" not in masked and "Secr3t" not in masked and "x1" not in masked
    assert "postgresql://app:***@db:5432/prod" in masked


def test_parse_url_decodes_and_masks() -> None:
    url = parse_url("postgresql://root:p%40ss@127.0.0.1:5432/test")
    assert (url.dialect, url.username, url.password, url.port, url.database) == (
        "postgres",
        "root",
        "p@ss",
        5432,
        "test",
    )
    assert "p%40ss" not in str(url) and "p@ss" not in str(url)


@pytest.mark.parametrize(
    ("raw", "path"), [("sqlite:///rel/dev.db", "rel/dev.db"), ("sqlite:////abs/dev.db", "/abs/dev.db")]
)
def test_sqlite_paths(raw: str, path: str) -> None:
    assert parse_url(raw).database == path


def test_unknown_scheme_is_a_clear_error_without_password() -> None:
    with pytest.raises(ConfigError) as info:
        parse_url("oracle://scott:tiger@h/db")
    assert "tiger" not in info.value.message


@pytest.mark.parametrize(
    ("raw", "other", "expected"),
    [
        ("sqlite:///rel/dev.db", "other.db", ("sqlite", "other.db", True)),
        ("postgresql://app:pw@h:5433/shop?schema=s", "scratch", ("postgres", "scratch", False)),
        ("mariadb://root@h/shop", "scratch", ("mysql", "scratch", False)),
    ],
)
def test_with_database_keeps_the_server_and_changes_the_database(
    raw: str, other: str, expected: tuple[str, str, bool]
) -> None:
    url = parse_url(raw).with_database(other)
    assert (url.dialect, url.database, url.file) == expected
    if not url.file:
        assert (url.host, url.password or None) == (parse_url(raw).host, parse_url(raw).password)
        assert url.params == parse_url(raw).params


# --- masking every URL form -------------------------------------------------------------------------

SPECIAL = ["/", "@", ":", "#", "?", "%", "ü€", "%2F", "&=;"]


@pytest.mark.parametrize("char", SPECIAL)
def test_a_url_password_is_masked_by_its_shape_whatever_it_holds(char: str) -> None:
    """URLs npa never parsed (a driver's message): masked up to the last '@' of the URL."""
    password = f"Zq{char}x{uuid.uuid4().hex[:6]}"
    for text in (
        f"could not connect to postgresql://app:{password}@db.example:5432/prod: timeout",
        f"'mysql+pymysql://app:{password}@db/prod'",
        f"app:{password}@db.example:5432/prod is not a URL",  # no scheme
    ):
        masked = mask_url(text)
        assert password not in masked and "app:***@db" in masked, masked


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("DRIVER={ODBC Driver 18};SERVER=h;UID=sa;PWD={se;cr}}et};Encrypt=yes", "se;cr}}et"),
        ("DRIVER=x;PWD=plainSecret;UID=sa", "plainSecret"),
        ("host=h user=u password='s3cr et\\'x' dbname=d", "s3cr et"),
        ("postgresql://h/db?sslmode=require&password=QuerySecret&x=1", "QuerySecret"),
        ("mssql://h/db?Pwd=OtherSecret", "OtherSecret"),
    ],
)
def test_password_parameters_are_masked(text: str, secret: str) -> None:
    masked = mask_url(text)
    assert secret not in masked and "***" in masked, masked


def test_a_parsed_password_is_masked_anywhere_even_where_no_url_shape_is_left() -> None:
    """A password with a space cannot be found by shape in free text; once parsed, it is found as is
    (and percent-encoded) wherever it appears, as in a traceback line."""
    password = f"pa ss {uuid.uuid4().hex[:6]}"
    url = parse_url(f"postgresql://app:{quote(password, safe='')}@h/db")
    assert url.password == password
    line = f'  File "x.py", in f\n    connect(password="{password}") # {quote(password, safe="")}'
    assert password not in mask_url(line) and quote(password, safe="") not in mask_url(line)


def test_a_short_password_is_cut_out_of_its_url_exactly() -> None:
    url = parse_url("postgresql://app:a b@h:5432/db")
    assert url.password == "a b" and url.masked() == "postgresql://app:***@h:5432/db"


@pytest.mark.parametrize(("char", "code"), [("#", "%23"), ("?", "%3F"), ("/", "%2F")])
def test_a_reserved_character_in_a_password_asks_to_percent_encode(char: str, code: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_url(f"postgresql://app:sec{char}retpw@h:5432/db")
    error = info.value
    assert "bad port" not in error.message and f"{char} → {code}" in (error.hint or "")
    assert "retpw" not in error.message + (error.hint or "")
    assert parse_url(f"postgresql://app:sec{code}retpw@h:5432/db").password == f"sec{char}retpw"


def test_an_at_sign_in_a_password_is_its_own() -> None:
    url = parse_url("mysql://app:p@ss@h:3306/db")
    assert (url.password, url.host, url.database) == ("p@ss", "h", "db")
    assert url.masked() == "mysql://app:***@h:3306/db"
