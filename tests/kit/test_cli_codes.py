"""`procure codes import` and `procure codes status` on a migrated notices database."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from procure.cli import main
from procure.codelists import cpv
from procure.codelists.files import data_file
from procure.migrations import migrate

pytestmark = pytest.mark.integration

SOCIAL_SERVICES = str(data_file("eforms", "cpv_social-service-cpv.gc"))


@pytest.fixture(scope="module")
def environ(postgres_url, database_prefix):
    from procure.config import DatabaseSettings
    settings = DatabaseSettings(database_url=postgres_url, database_prefix=f"{database_prefix}cli_codes_")
    migrate("notices", settings.service_database_url("notices"))
    return {"PROCURE_DATABASE_URL": postgres_url, "PROCURE_DATABASE_PREFIX": f"{database_prefix}cli_codes_"}


def run(environ, *arguments):
    return CliRunner().invoke(main, ["codes", *arguments], env=environ)


def counts(environ) -> dict[tuple[str, str], int]:
    result = run(environ, "status")
    assert result.exit_code == 0, result.output
    return {(lst, language): int(count) for lst, language, count in
            (line.split("\t") for line in result.output.splitlines())}


def test_status_shows_the_shipped_labels_of_an_empty_store(environ):
    shipped = counts(environ)
    assert shipped[("cpv", "en")] == len(cpv.labels())
    assert ("cpv", "cs") not in shipped
    assert shipped[("nuts", "fr")] > 1000


def test_importing_the_24_language_cpv_list_adds_every_language(environ):
    result = run(environ, "import", SOCIAL_SERVICES)
    assert result.exit_code == 0, result.output
    assert "cpv: 115 codes, 2760 labels in 24 languages" in result.output
    loaded = counts(environ)
    assert loaded[("cpv", "cs")] == loaded[("cpv", "sv")] == 115
    assert loaded[("cpv", "en")] == len(cpv.labels())


def test_importing_the_same_list_again_changes_nothing(environ):
    assert run(environ, "import", SOCIAL_SERVICES).exit_code == 0
    before = counts(environ)
    assert run(environ, "import", SOCIAL_SERVICES).exit_code == 0
    assert counts(environ) == before


def test_a_nuts_list_is_recognised_and_loaded(environ):
    result = run(environ, "import", str(data_file("eforms", "nuts_nuts-fra-lvl3.gc")))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nuts: ")


def test_a_file_with_a_doctype_is_refused(environ, tmp_path):
    hostile = tmp_path / "xxe.gc"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       '<CodeList><SimpleCodeList><Row><Value ColumnRef="code"><SimpleValue>&x;</SimpleValue>'
                       '</Value></Row></SimpleCodeList></CodeList>')
    result = run(environ, "import", str(hostile))
    assert result.exit_code == 1
    assert "DOCTYPE" in result.output


def test_a_list_that_is_neither_cpv_nor_nuts_is_refused(environ):
    result = run(environ, "import", str(data_file("eforms", "buyer-legal-type.gc")))
    assert result.exit_code == 1
    assert "Neither a CPV nor a NUTS" in result.output
