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
    assert load_settings(cwd=folder).url == "sqlite:///from-config.db"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///database-url.db")
    assert load_settings(cwd=folder).url == "sqlite:///database-url.db"
    monkeypatch.setenv("NPA_DATABASE_URL", "sqlite:///npa-url.db")
    assert load_settings(cwd=folder).url == "sqlite:///npa-url.db"
    assert load_settings(env="prod", cwd=folder).url == "postgresql://app@db/prod"  # --env beats variables
    assert load_settings(url="sqlite:///flag.db", env="prod", cwd=folder).url == "sqlite:///flag.db"


def test_environment_variables_expand_and_settings_resolve_beside_the_config(
    folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PROD_URL", "postgresql://app:pw@prod/app")
    (folder / "sub").mkdir()
    settings = load_settings(env="prod", cwd=folder / "sub")  # found from a subfolder
    assert settings.url == "postgresql://app:pw@prod/app"
    assert settings.schema_dir == folder / "entities"
    assert settings.seed_dirs == ["seeds/prod"]
    assert settings.state_dir == folder / ".npa"


def test_default_url_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NPA_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_settings(cwd=tmp_path).url == DEFAULT_URL


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
