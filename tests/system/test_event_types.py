"""An integrator reads each service's event catalogue through the gateway, without a token."""
from __future__ import annotations

import pytest

from procure.config import SERVICES
from tests.support.http import call

pytestmark = pytest.mark.system


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_publishes_its_event_types_at_the_gateway(gateway, service):
    answer = call("GET", f"{gateway}/v1/{service}/event-types")
    assert answer.status == 200, answer.body
    assert answer.json()["exchange"] == f"{service}.events"


def test_the_identity_catalogue_describes_organisation_registered(gateway):
    types = {entry["type"]: entry for entry in call("GET", f"{gateway}/v1/identity/event-types").json()["types"]}
    assert "id" in types["organisation.registered"]["data_schema"]["properties"]
