"""Steps a buyer takes through the public API, shared by the tests that need them."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from tests.support.http import call

PASSWORD = "correct horse battery staple"


def register_buyer(gateway: str, *, name: str = "Commune de Beaune") -> dict:
    email = f"buyer-{uuid.uuid4().hex[:12]}@example.org"
    answer = call("POST", f"{gateway}/v1/identity/registrations", json_body={
        "organisation": {"name": name, "kind": "buyer", "country": "FR"},
        "user": {"email": email, "name": "Camille Martin", "password": PASSWORD}})
    assert answer.status == 201, answer.body
    return {**answer.json(), "email": email}


def log_in(gateway: str, email: str) -> str:
    answer = call("POST", f"{gateway}/v1/identity/token",
                  form={"grant_type": "password", "username": email, "password": PASSWORD})
    assert answer.status == 200, answer.body
    return answer.json()["access_token"]


def draft_notice(gateway: str, token: str, *, days: int = 30) -> tuple[dict, str]:
    deadline = (datetime.now(timezone.utc) + timedelta(days=days)).isoformat()
    answer = call("POST", f"{gateway}/v1/notices", token=token, json_body={
        "title": {"fr": "Rénovation de l'école", "en": "School renovation"},
        "cpv_code": "45000000-7", "submission_deadline": deadline})
    assert answer.status == 201, answer.body
    return answer.json(), answer.headers["ETag"]


def publish_notice(gateway: str, token: str, notice_id: str, etag: str):
    return call("POST", f"{gateway}/v1/notices/{notice_id}/publish", token=token, headers={"If-Match": etag})
