"""Settings from flags, environment variables and ``npa.toml`` / ``[tool.npa]`` in ``pyproject.toml``.

URL precedence: ``--url`` > ``--env NAME``'s url > ``NPA_DATABASE_URL`` > ``DATABASE_URL`` > the config's
default environment or ``url`` > the embedded default ``sqlite:///.npa/dev.db``.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from npa_schema.errors import ConfigError
from npa_schema.urls import DEFAULT_URL, DatabaseURL, parse_url, remember_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "npa.toml"


@dataclass
class Settings:
    #: the database URL as given (flag, variable, config or the default); read it as :attr:`url`
    url_text: str
    schema_dir: Path
    migrations_dir: Path
    env: str | None = None
    config_file: Path | None = None
    #: where ``url_text`` came from: ``--url``, ``environment NAME``, a variable's name, ``config``, ``default``
    url_source: str = "default"
    #: the source as a user finds it (``npa.toml [environments.prod] url = "${PROD_URL}"``), for errors
    url_origin: str | None = None
    #: seed folders for the chosen environment (``seeds = [...]`` in it, else at the top level)
    seed_dirs: list[str] = field(default_factory=list)
    lock_timeout: float = 30.0
    #: the project's state folder (.npa/ beside npa.toml, else in the working directory)
    state_dir: Path = Path(".npa")

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    @cached_property
    def url(self) -> DatabaseURL:
        """The database URL, parsed once, on first use: a command that opens no database (``migration
        add``) does not fail on a ``DATABASE_URL`` meant for another tool. An empty URL, from any
        source (a CI secret that is not set), is an error naming that source, never the default."""
        origin = self.url_origin or self.url_source
        if not self.url_text.strip():
            raise ConfigError(
                f"the database URL is empty (from {origin})",
                hint="give a URL there (postgresql://…, mysql://…, sqlite:///path.db), or remove the empty "
                "setting to use the next source: --url, --env, NPA_DATABASE_URL, DATABASE_URL, npa.toml",
            )
        try:
            return parse_url(self.url_text)
        except ConfigError as exc:
            raise ConfigError(f"{exc.message} (from {origin})", hint=exc.hint) from None


def find_config(start: Path) -> tuple[Path | None, dict[str, Any]]:
    """The nearest npa.toml (or pyproject.toml with [tool.npa]) from ``start`` upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            data = _read_toml(candidate)
            validate_config(candidate, data)
            return candidate, data
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject).get("tool", {}).get("npa")
            if data is not None:
                validate_config(pyproject, data)
                return pyproject, data
    return None, {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", hint="fix the syntax of the config file") from exc


def validate_config(path: Path, data: dict[str, Any]) -> None:
    """The config against ``schemas/config.schema.json``: the first problem, with its line."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from npa_schema.entities.validate import load_json_schema

    error = best_match(Draft202012Validator(load_json_schema("config")).iter_errors(data))
    if error is None:
        return
    field = ".".join(str(p) for p in error.absolute_path)
    key = str(error.absolute_path[-1]) if error.absolute_path else None
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key = unknown[0] if unknown else key
        message = f"unknown setting '{key}'"
        field = f"{field}.{key}" if field else str(key)
    else:
        message = error.message
    line = _line_of(path, key)
    where = f"{path}:{line}" if line else str(path)
    raise ConfigError(
        f"{where}: {message} (at {field or 'top level'})",
        hint="see docs/configuration.md (settings: schema_dir, migrations_dir, url, default_environment, "
        "lock_timeout, seeds, [environments.NAME] url/seeds)",
    )


def _line_of(path: Path, key: str | None) -> int | None:
    if not key:
        return None
    pattern = re.compile(rf"^\s*(\[.*\b{re.escape(key)}\b.*\]|{re.escape(key)}\s*=)")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.match(line):
            return number
    return None


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def expand_env(text: str, where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        value = os.environ.get(m.group(1), m.group(2))
        if value is None:
            raise ConfigError(
                f"{where} uses ${{{m.group(1)}}}, which is not set",
                hint=f"export {m.group(1)}=... or use ${{{m.group(1)}:-default}}",
            )
        return value

    return _VAR.sub(sub, text)


def load_settings(
    url: str | None = None,
    schema_dir: str | Path | None = None,
    migrations_dir: str | Path | None = None,
    env: str | None = None,
    cwd: Path | None = None,
) -> Settings:
    cwd = cwd or Path.cwd()
    config_file, data = find_config(cwd)
    base = config_file.parent if config_file else cwd
    environments: dict[str, Any] = data.get("environments", {})
    if env and env not in environments:
        known = ", ".join(sorted(environments)) or "none defined"
        raise ConfigError(
            f"unknown environment '{env}' (known: {known})", hint=f"add [environments.{env}] to {CONFIG_FILE}"
        )
    env_name = env or data.get("default_environment")
    env_data: dict[str, Any] = environments.get(env_name, {}) if env_name else {}
    where = f"{config_file.name if config_file else CONFIG_FILE} [environments.{env_name}]"

    resolved, source, origin = _resolve_url(url, env, env_data, data, where)
    remember_url(resolved)
    sdir = Path(schema_dir) if schema_dir else _near(base / data.get("schema_dir", "schema"), cwd)
    mdir = (
        Path(migrations_dir)
        if migrations_dir
        else _near(base / data.get("migrations_dir", "migrations"), cwd)
    )
    seeds = env_data.get("seeds", data.get("seeds", []))
    if isinstance(seeds, str):
        seeds = [seeds]
    return Settings(
        url_text=resolved,
        schema_dir=sdir,
        migrations_dir=mdir,
        env=env_name,
        config_file=config_file,
        url_source=source,
        url_origin=origin,
        seed_dirs=[str(s) for s in seeds],
        lock_timeout=float(data.get("lock_timeout", 30)),
        state_dir=base / ".npa",
    )


def _near(path: Path, cwd: Path) -> Path:
    """``path`` relative to the working directory when it is inside it, so messages say
    ``schema/users.yaml:4`` rather than a long absolute path."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path


def _resolve_url(
    flag: str | None, env: str | None, env_data: dict[str, Any], data: dict[str, Any], where: str
) -> tuple[str, str, str]:
    """(the URL, its source, where the user finds that source). A source that is present but empty
    is chosen all the same: ``Settings.url`` then refuses it, naming the source."""
    if flag is not None:
        return flag, "--url", "--url"
    if env and "url" in env_data:
        return _from_config(env_data["url"], f"{where} url", f"environment {env}")
    for var in ("NPA_DATABASE_URL", "DATABASE_URL"):
        if var in os.environ:
            return os.environ[var], var, f"the environment variable {var}"
    if "url" in env_data:
        return _from_config(env_data["url"], f"{where} url", "config")
    if "url" in data:
        return _from_config(data["url"], f"{CONFIG_FILE} url", "config")
    return DEFAULT_URL, "default", "the embedded default"


def _from_config(value: Any, where: str, source: str) -> tuple[str, str, str]:
    text = str(value)
    expanded = expand_env(text, where)
    names = [m.group(1) for m in _VAR.finditer(text)]
    origin = f"{where} = {text!r}" if names else where
    if names and not expanded.strip():
        origin += f", and {', '.join('$' + n for n in names)} {'is' if len(names) == 1 else 'are'} empty"
    return expanded, source, origin
