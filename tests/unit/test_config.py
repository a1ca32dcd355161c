from __future__ import annotations

from pathlib import Path

import pytest

from npa_schema.config import load_settings
from npa_schema.errors import ConfigError
from npa_schema.urls import DEFAULT_URL

CONFIG = """\
schema_dir = "entities"
url = "sqlite:///from-config.db"

[environments.prod]
url = "${PROD_URL:-postgresql://app@db/prod}"
seeds = ["seeds/prod"]
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("NPA_DATABASE_URL", "DATABASE_URL", "PROD_URL"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "npa.toml").write_text(CONFIG)
    return tmp_path


def test_url_precedence(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def chosen(**kwargs: str) -> tuple[str, str]:
        settings = load_settings(cwd=folder, **kwargs)
        return settings.url.raw, settings.url_source

    assert chosen() == ("sqlite:///from-config.db", "config")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///database-url.db")
    assert chosen() == ("sqlite:///database-url.db", "DATABASE_URL")
    monkeypatch.setenv("NPA_DATABASE_URL", "sqlite:///npa-url.db")
    assert chosen() == ("sqlite:///npa-url.db", "NPA_DATABASE_URL")
    assert chosen(env="prod") == ("postgresql://app@db/prod", "environment prod")  # --env beats variables
    assert chosen(url="sqlite:///flag.db", env="prod") == ("sqlite:///flag.db", "--url")


def test_settings_hold_the_parsed_url(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROD_URL", "postgresql://app:pw@prod:6432/app")
    url = load_settings(env="prod", cwd=folder).url
    assert (url.dialect, url.host, url.port, url.database, url.password) == (
        "postgres",
        "prod",
        6432,
        "app",
        "pw",
    )
    assert url.masked() == "postgresql://app:***@prod:6432/app"


def test_a_url_meant_for_another_tool_fails_only_where_it_is_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``DATABASE_URL`` is shared with other tools; ``npa migration add`` opens no database."""
    monkeypatch.setenv("DATABASE_URL", "redis://cache:6379/0")
    settings = load_settings(cwd=folder)  # no error yet
    assert settings.url_source == "DATABASE_URL"
    with pytest.raises(ConfigError, match="names an unsupported database"):
        _ = settings.url


def test_environment_variables_expand_and_settings_resolve_beside_the_config(
    folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PROD_URL", "postgresql://app:pw@prod/app")
    (folder / "sub").mkdir()
    settings = load_settings(env="prod", cwd=folder / "sub")  # found from a subfolder
    assert settings.url.raw == "postgresql://app:pw@prod/app"
    assert settings.schema_dir == folder / "entities"
    assert settings.seed_dirs == ["seeds/prod"]
    assert settings.state_dir == folder / ".npa"


def test_default_url_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NPA_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(cwd=tmp_path)
    assert (settings.url.raw, settings.url_source) == (DEFAULT_URL, "default")


def test_unknown_environment_lists_the_known_ones(folder: Path) -> None:
    with pytest.raises(ConfigError, match="known: prod"):
        load_settings(env="staging", cwd=folder)


def test_misspelled_setting_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "npa.toml").write_text('schema_dir = "s"\nlock_timout = 5\n')
    with pytest.raises(ConfigError, match=r"npa\.toml:2: unknown setting 'lock_timout'"):
        load_settings(cwd=tmp_path)


def test_unset_variable_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOPE_URL", raising=False)
    (tmp_path / "npa.toml").write_text('[environments.x]\nurl = "${NOPE_URL}"\n')
    with pytest.raises(ConfigError, match=r"\$\{NOPE_URL\}, which is not set"):
        load_settings(env="x", cwd=tmp_path)


@pytest.mark.parametrize(
    ("config", "env", "variables", "flag", "named"),
    [
        ("", None, {}, "", "--url"),
        ("", None, {"NPA_DATABASE_URL": ""}, None, "NPA_DATABASE_URL"),
        ("", None, {"NPA_DATABASE_URL": "  ", "DATABASE_URL": "sqlite:///x.db"}, None, "NPA_DATABASE_URL"),
        ("", None, {"DATABASE_URL": ""}, None, "DATABASE_URL"),
        ('url = ""\n', None, {}, None, "npa.toml url"),
        ('[environments.prod]\nurl = "${PROD_URL}"\n', "prod", {"PROD_URL": ""}, None, "$PROD_URL is empty"),
        ('url = "${CI_DB:-}"\n', None, {}, None, "$CI_DB is empty"),
        (
            'default_environment = "ci"\n[environments.ci]\nurl = ""\n',
            None,
            {},
            None,
            "[environments.ci] url",
        ),
    ],
    ids=[
        "flag",
        "npa-variable",
        "npa-variable-blank",
        "database-url",
        "config",
        "expanded",
        "default",
        "env",
    ],
)
def test_an_empty_url_from_any_source_is_an_error_naming_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    env: str | None,
    variables: dict[str, str],
    flag: str | None,
    named: str,
) -> None:
    """A missing CI secret must not mean the local SQLite file."""
    for var in ("NPA_DATABASE_URL", "DATABASE_URL", "PROD_URL", "CI_DB"):
        monkeypatch.delenv(var, raising=False)
    for var, value in variables.items():
        monkeypatch.setenv(var, value)
    (tmp_path / "npa.toml").write_text(config)
    settings = load_settings(url=flag, env=env, cwd=tmp_path)
    with pytest.raises(ConfigError, match="the database URL is empty") as info:
        _ = settings.url
    assert named in info.value.message
