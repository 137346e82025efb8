"""The password policy refuses short passwords and the most common ones, whatever their case."""
from __future__ import annotations

import pytest

from procure.errors import InvalidInput
from services.identity.domain.people import check_password_policy, common_passwords

pytestmark = pytest.mark.unit


def test_the_shipped_list_holds_thousands_of_lowercase_passwords():
    passwords = common_passwords()

    assert len(passwords) > 10_000
    assert {"123456", "password", "qwerty"} <= passwords
    assert all(password == password.lower() for password in passwords)


@pytest.mark.parametrize("password", ["1234567890123", "qwerty123456", "QWERTY123456", "PassWord1234"])
def test_a_common_password_is_refused_whatever_its_case(password):
    assert len(password) >= 12 and password.lower() in common_passwords()

    with pytest.raises(InvalidInput) as raised:
        check_password_policy(password)

    assert raised.value.errors == {"password": ["This password is too common; choose another."]}


def test_a_long_uncommon_password_is_accepted():
    check_password_policy("a long and unusual passphrase")
