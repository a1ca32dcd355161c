"""``migrations/npa.sum``: the integrity file, one line per migration plus a total (like atlas.sum).

Two branches that each add a migration both rewrite the total line, so git reports a conflict on
merge instead of silently interleaving them; a migration whose line is missing or whose hash differs
(edited after review, or arrived without its sum) stops every command that would run it until
someone reviews it and runs ``npa migration hash``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from npa_schema.errors import MigrationError
from npa_schema.migrations.files import MigrationFile

SUM_FILE = "npa.sum"
HEADER = "# npa.sum: SHA-256 of each migration; regenerate with `npa migration hash` after review"


def sum_text(migrations: list[MigrationFile]) -> str:
    lines = [f"{m.filename} {m.checksum()}" for m in migrations]
    total = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return "\n".join([HEADER, f"total {total}", *lines]) + "\n"


def write_sum(directory: Path, migrations: list[MigrationFile]) -> Path:
    path = directory / SUM_FILE
    path.write_text(sum_text(migrations), encoding="utf-8")
    return path


@dataclass
class SumCheck:
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_sum(directory: Path, migrations: list[MigrationFile]) -> SumCheck:
    result = SumCheck()
    path = directory / SUM_FILE
    if not path.exists():
        if migrations:
            result.problems.append(f"{path} is missing")
        return result
    recorded: dict[str, str] = {}
    total = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        if key == "total":
            total = value.strip()
        else:
            recorded[key] = value.strip()
    for m in migrations:
        if m.filename not in recorded:
            result.problems.append(f"{m.filename} is not in {SUM_FILE} (added without `npa migration add`?)")
        elif recorded[m.filename] != m.checksum():
            result.problems.append(f"{m.filename} changed since {SUM_FILE} was written")
    on_disk = {m.filename for m in migrations}
    result.problems += [
        f"{name} is in {SUM_FILE} but not on disk" for name in sorted(set(recorded) - on_disk)
    ]
    if result.ok and total != sum_text(migrations).splitlines()[1].split(" ", 1)[1]:
        result.problems.append(
            f"the total in {SUM_FILE} does not match its lines (edited by hand or a bad merge)"
        )
    return result


def verify_sum(directory: Path, migrations: list[MigrationFile]) -> None:
    check = check_sum(directory, migrations)
    if not check.ok:
        raise MigrationError(
            f"{directory / SUM_FILE} does not match the migrations:\n  " + "\n  ".join(check.problems),
            hint="review the migrations (a merge from another branch?), then run: npa migration hash",
        )
