"""The real identity app answers on its own database."""
import pytest

pytestmark = pytest.mark.integration


def test_who_a_minted_token_speaks_for_is_what_me_answers(identity_client, mint):
    answer = identity_client.get("/v1/identity/me", headers={"Authorization": mint(roles=["auditor"])})
    assert answer.status_code == 200
    assert answer.get_json()["roles"] == ["auditor"]


def test_production_refuses_to_start_without_keys_sealing_account_secrets(identity_settings):
    from procure.config import ConfigurationError, load_settings
    from services.identity.config import IdentitySettings
    values = {**identity_settings.model_dump(), "env": "production", "account_secrets_keys": None}
    with pytest.raises(ConfigurationError, match="PROCURE_ACCOUNT_SECRETS_KEYS"):
        load_settings(IdentitySettings, **values)
