from __future__ import annotations

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
