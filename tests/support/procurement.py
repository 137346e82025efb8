"""Steps a buyer takes through the public API, shared by the tests that need them."""
from __future__ import annotations

import uuid

from tests.support.http import call
from tests.support.notices import valid_draft_body

PASSWORD = "correct horse battery staple"


def _siret() -> str:
    """A fresh, valid SIRET (Luhn), so that each registration is a new organisation."""
    from stdnum import luhn
    siren = f"{uuid.uuid4().int % 10**8:08d}"
    body = siren + luhn.calc_check_digit(siren) + "0001"
    return body + luhn.calc_check_digit(body)


def buyer_organisation(name: str = "Commune de Beaune") -> dict:
    return {"name": name, "kind": "buyer", "country": "FR",
            "identifier": {"scheme": "FR-SIRET", "value": _siret()}, "nuts": "FRC11",
            "buyer_legal_type": "la",
            "address": {"street": "Place de la Halle", "locality": "Beaune", "postal_code": "21200", "country": "FR"},
            "contact_point": {"name": "Service des marchés", "email": "marches@beaune.example",
                              "telephone": "+33 3 80 24 56 78"}}


def supplier_organisation(name: str = "Menuiserie Bourguignonne", *, cpv_codes=("45421000-4",),
                          nuts: str = "FRC11", size: str = "small", listed: bool = False) -> dict:
    return {"name": name, "kind": "supplier", "country": "FR",
            "identifier": {"scheme": "FR-SIRET", "value": _siret()}, "nuts": nuts, "size": size,
            "cpv_codes": list(cpv_codes),
            "directory": {"listed": listed, "description": {"fr": "Menuiserie et charpente"}}}


def register_buyer(gateway: str, *, name: str = "Commune de Beaune") -> dict:
    return _register(gateway, buyer_organisation(name), "buyer")


def register_supplier(gateway: str, *, name: str = "Menuiserie Bourguignonne", **profile) -> dict:
    return _register(gateway, supplier_organisation(name, **profile), "supplier")


def _register(gateway: str, organisation: dict, kind: str) -> dict:
    email = f"{kind}-{uuid.uuid4().hex[:12]}@example.org"
    answer = call("POST", f"{gateway}/v1/identity/registrations", json_body={
        "organisation": organisation, "user": {"email": email, "name": "Camille Martin", "password": PASSWORD}})
    assert answer.status == 201, answer.body
    return {**answer.json(), "email": email}


def log_in(gateway: str, email: str) -> str:
    answer = call("POST", f"{gateway}/v1/identity/token",
                  form={"grant_type": "password", "username": email, "password": PASSWORD})
    assert answer.status == 200, answer.body
    return answer.json()["access_token"]


def draft_notice(gateway: str, token: str, *, days: int = 40, **changes) -> tuple[dict, str]:
    """A valid open-procedure contract notice (tests.support.notices), drafted through the gateway."""
    changes.setdefault("title", {"fr": "Rénovation de l'école", "en": "School renovation"})
    answer = call("POST", f"{gateway}/v1/notices", token=token, json_body=valid_draft_body(days=days, **changes))
    assert answer.status == 201, answer.body
    return answer.json(), answer.headers["ETag"]


def publish_notice(gateway: str, token: str, notice_id: str, etag: str):
    return call("POST", f"{gateway}/v1/notices/{notice_id}/publish", token=token, headers={"If-Match": etag})
