"""The validation adapters on their own (no server): pyhanko and signxml on the test PKI."""
from __future__ import annotations

import pytest

from services.identity.adapters.signatures import cms, xades
from services.identity.adapters.signatures.context import TrustMaterial
from services.identity.domain.signatures import UnreadableSignature
from services.identity.domain.trust import is_active
from tests.support import pki as test_pki

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def pki():
    return test_pki.make_test_pki()


def test_an_issuing_ca_trusted_on_its_own_passes_its_signers(pki):
    signed = test_pki.pades_sign(test_pki.small_pdf(), pki.signer)
    report = cms.validate_pades(signed, TrustMaterial(anchors=(pki.intermediate.der,), crls=(pki.crl_der,)))
    assert report.indication == "TOTAL-PASSED" and report.accepted_authority == pki.intermediate.fingerprint


def test_the_crl_of_an_issuing_ca_trusted_on_its_own_still_revokes(pki):
    signed = test_pki.pades_sign(test_pki.small_pdf(), pki.revoked_signer)
    report = cms.validate_pades(signed, TrustMaterial(anchors=(pki.intermediate.der,), crls=(pki.crl_der,)))
    assert (report.indication, report.sub_indication) == ("INDETERMINATE", "REVOKED_NO_POE")
    assert report.revoked_at is not None


def test_without_an_uploaded_crl_a_revoked_signer_is_not_known_to_be_revoked(pki):
    signed = test_pki.pades_sign(test_pki.small_pdf(), pki.revoked_signer)
    assert cms.validate_pades(signed, TrustMaterial(anchors=(pki.root.der,))).indication == "TOTAL-PASSED"


def test_a_xades_signature_that_covers_only_part_of_the_document_is_not_passed(pki):
    from lxml import etree
    signed = etree.fromstring(test_pki.xades_sign(b"<Part>signed</Part>", pki.signer))
    wrapper = etree.Element("Bid")
    etree.SubElement(wrapper, "Amount").text = "9999"
    wrapper.append(signed)
    report = xades.validate_xades(etree.tostring(wrapper), TrustMaterial(anchors=(pki.root.der,)))
    assert report.indication != "TOTAL-PASSED"


def test_a_pdf_without_a_signature_is_unreadable_input():
    with pytest.raises(UnreadableSignature):
        cms.validate_pades(test_pki.small_pdf(), TrustMaterial())


@pytest.mark.parametrize("status, active", [
    ("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted", True),
    ("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel", True),
    ("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn", False),
    ("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/deprecatedatnationallevel", False),
])
def test_which_service_statuses_let_an_authority_sign(status, active):
    assert is_active(status) is active
