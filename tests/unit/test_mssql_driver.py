"""The parts of the SQL Server driver that run without a server: URL → ODBC connection string, and
the clear error when pyodbc (or unixODBC under it) is missing, which is the case on this machine."""

from __future__ import annotations

import ctypes.util
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from npa_schema.dialects import get_dialect
from npa_schema.dialects.mssql.driver import connection_string
from npa_schema.errors import DriverMissingError
from npa_schema.urls import parse_url


def test_connection_string_from_url() -> None:
    url = parse_url("mssql://sa:p%3Bw%7D@db.example:1444/shop?TrustServerCertificate=yes&Encrypt=no")
    text = connection_string(url)
    assert text == (
        "DRIVER={ODBC Driver 18 for SQL Server};SERVER=db.example,1444;DATABASE={shop};"
        "UID={sa};PWD={p;w}}};Encrypt=no;TrustServerCertificate=yes"
    )


def test_driver_query_parameter_chooses_the_odbc_driver() -> None:
    url = parse_url("mssql://sa:x@h/db?driver=ODBC+Driver+17+for+SQL+Server")
    assert connection_string(url).startswith("DRIVER={ODBC Driver 17 for SQL Server};SERVER=h,1433;")


def test_loading_the_dialect_imports_no_driver() -> None:
    code = (
        "import sys; from npa_schema.dialects import get_dialect; get_dialect('mssql'); "
        "assert 'npa_schema.dialects.mssql.driver' not in sys.modules and 'pyodbc' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


@pytest.mark.skipif(
    importlib.util.find_spec("pyodbc") is not None and ctypes.util.find_library("odbc") is not None,
    reason="pyodbc and unixODBC are both installed here, so nothing is missing",
)
def test_missing_pyodbc_or_unixodbc_is_one_clear_error_naming_what_to_install() -> None:
    """Either pyodbc is missing, or (as on this machine after `pip install '.[all]'`) pyodbc is there
    but the system's libodbc.so.2 is not: both are one error naming what to install."""
    with pytest.raises(DriverMissingError) as info:
        get_dialect("mssql").connect(parse_url("mssql://sa:secret@localhost/db"))
    hint = info.value.hint or ""
    assert "apt-get install unixodbc" in hint and "ODBC Driver 18" in hint and "npa-schema[mssql]" in hint
    assert "secret" not in info.value.message + hint
