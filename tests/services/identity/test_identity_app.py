"""The real identity app answers on its own database."""
import pytest

pytestmark = pytest.mark.integration


def test_who_a_minted_token_speaks_for_is_what_me_answers(identity_client, mint):
    answer = identity_client.get("/v1/identity/me", headers={"Authorization": mint(roles=["auditor"])})
    assert answer.status_code == 200
    assert answer.get_json()["roles"] == ["auditor"]
