"""Two requests racing with the same Idempotency-Key make one notice, and neither fails."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.notices import valid_draft_body

pytestmark = pytest.mark.integration


def test_concurrent_drafts_with_one_idempotency_key_make_one_notice(notices_app, issuer):
    buyer = uuid.uuid4()
    headers = {"Authorization": f"Bearer {issuer.token(organisation=buyer, roles=['buyer-admin'])}",
               "Idempotency-Key": f"race-{uuid.uuid4().hex}"}
    body = valid_draft_body()

    def draft(_):
        return notices_app.test_client().post("/v1/notices", json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(draft, range(6)))

    assert sorted(answer.status_code for answer in answers) == [200] * 5 + [201]
    assert len({answer.get_json()["id"] for answer in answers}) == 1
