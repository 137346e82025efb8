"""ETSI TS 119 612 trusted lists: the enveloped XML signature checked with signxml, then the signed part read.

Only what the signature covers is read (signxml hands back the signed element), so nothing
added around a valid signature can slip in. The XML is parsed with no DTD, no entities and no
network, as defusedxml would.
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime

from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import SignXMLException

from services.identity.adapters.signatures.certificates import read_certificate
from services.identity.adapters.signatures.xades import safe_parser
from services.identity.domain.trust import (CertificateFacts, InvalidCertificate, InvalidTrustedList, ListPointer,
                                            StatusChange, TrustedListContent, TrustService, UntrustedTrustedList)

TSL = "http://uri.etsi.org/02231/v2#"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"tsl": TSL, "ds": DS}
XML_LIST_MIME = "application/vnd.etsi.tsl+xml"


def read_trusted_list(xml: bytes, signing_certificates: list[bytes]) -> TrustedListContent:
    root = _parse(xml)
    if root.tag != f"{{{TSL}}}TrustServiceStatusList":
        raise InvalidTrustedList("This is not an ETSI TS 119 612 TrustServiceStatusList.",
                                 errors={"xml": ["Root element is not tsl:TrustServiceStatusList."]})
    signed = _verified_list(xml, signing_certificates)
    return _content(signed)


def _parse(xml: bytes) -> etree._Element:
    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise InvalidTrustedList(f"This is not well-formed XML: {error}", errors={"xml": ["Not XML."]}) from None
    if root.getroottree().docinfo.doctype:
        raise InvalidTrustedList("XML with a document type declaration is refused.",
                                 errors={"xml": ["DOCTYPE not allowed."]})
    return root


def _verified_list(xml: bytes, signing_certificates: list[bytes]) -> etree._Element:
    problems = []
    for der in signing_certificates:
        facts = read_certificate(der)
        try:
            results = XMLVerifier().verify(xml, x509_cert=_pem(der),
                                           expect_config=SignatureConfiguration(expect_references=True))
        except (SignXMLException, ValueError, etree.LxmlError) as error:
            problems.append(f"{facts.subject}: {error}")
            continue
        for result in results:
            if result.signed_xml is not None and result.signed_xml.tag == f"{{{TSL}}}TrustServiceStatusList":
                return result.signed_xml
        problems.append(f"{facts.subject}: the signature does not cover the list")
    raise UntrustedTrustedList(
        "The list's XML signature does not verify with any certificate configured for its territory; "
        "nothing was imported.", errors={"xml": problems or ["No signing certificate is configured."]})


def _content(root: etree._Element) -> TrustedListContent:
    scheme = _one(root, "tsl:SchemeInformation")
    return TrustedListContent(
        territory=_text(scheme, "tsl:SchemeTerritory"),
        operator=_text(scheme, "tsl:SchemeOperatorName/tsl:Name"),
        tsl_type=_text(scheme, "tsl:TSLType"),
        sequence_number=_integer(scheme, "tsl:TSLSequenceNumber"),
        issued_at=_moment(scheme, "tsl:ListIssueDateTime"),
        next_update=_moment(scheme, "tsl:NextUpdate/tsl:dateTime", required=False),
        services=tuple(_services(root)), pointers=tuple(_pointers(scheme)))


def _services(root: etree._Element):
    for provider in root.iterfind("tsl:TrustServiceProviderList/tsl:TrustServiceProvider", NS):
        provider_name = _text(provider, "tsl:TSPInformation/tsl:TSPName/tsl:Name")
        for service in provider.iterfind("tsl:TSPServices/tsl:TSPService", NS):
            information = _one(service, "tsl:ServiceInformation")
            yield TrustService(
                provider=provider_name, name=_text(information, "tsl:ServiceName/tsl:Name"),
                service_type=_text(information, "tsl:ServiceTypeIdentifier"),
                status=_text(information, "tsl:ServiceStatus"),
                status_starting_time=_moment(information, "tsl:StatusStartingTime"),
                certificates=_certificates(information, "tsl:ServiceDigitalIdentity"),
                history=tuple(_history(service)))


def _history(service: etree._Element):
    for instance in service.iterfind("tsl:ServiceHistory/tsl:ServiceHistoryInstance", NS):
        yield StatusChange(status=_text(instance, "tsl:ServiceStatus"),
                           starting_time=_moment(instance, "tsl:StatusStartingTime"),
                           service_type=_text(instance, "tsl:ServiceTypeIdentifier", required=False))


def _pointers(scheme: etree._Element):
    for pointer in scheme.iterfind("tsl:PointersToOtherTSL/tsl:OtherTSLPointer", NS):
        informations = pointer.findall("tsl:AdditionalInformation/tsl:OtherInformation", NS)
        mime = next((e.text for info in informations for e in info if etree.QName(e).localname == "MimeType"), None)
        territory = next((_text(info, "tsl:SchemeTerritory") for info in informations
                          if info.find("tsl:SchemeTerritory", NS) is not None), None)
        if mime != XML_LIST_MIME or not territory:
            continue  # the PDF form of a list, or a pointer that names no territory
        yield ListPointer(territory=territory, location=_text(pointer, "tsl:TSLLocation"),
                          signing_certificates=_certificates(pointer, "tsl:ServiceDigitalIdentities/"
                                                                      "tsl:ServiceDigitalIdentity"))


def _certificates(element: etree._Element, path: str) -> tuple[CertificateFacts, ...]:
    found = []
    for value in element.iterfind(f"{path}/tsl:DigitalId/tsl:X509Certificate", NS):
        try:
            found.append(read_certificate(base64.b64decode("".join((value.text or "").split()), validate=True)))
        except (binascii.Error, ValueError, InvalidCertificate):
            raise InvalidTrustedList("A DigitalId holds something that is not an X.509 certificate.",
                                     errors={"xml": ["Unreadable X509Certificate."]}) from None
    return tuple(found)


def _one(element: etree._Element, path: str) -> etree._Element:
    found = element.find(path, NS)
    if found is None:
        raise InvalidTrustedList(f"The list lacks {path}.", errors={"xml": [f"Missing {path}."]})
    return found


def _text(element: etree._Element, path: str, required: bool = True) -> str | None:
    found = element.find(path, NS)
    if found is None or not (found.text or "").strip():
        if required:
            raise InvalidTrustedList(f"The list lacks {path}.", errors={"xml": [f"Missing {path}."]})
        return None
    return found.text.strip()


def _integer(element: etree._Element, path: str) -> int:
    try:
        return int(_text(element, path))
    except ValueError:
        raise InvalidTrustedList(f"{path} is not a number.", errors={"xml": [f"Invalid {path}."]}) from None


def _moment(element: etree._Element, path: str, required: bool = True) -> datetime | None:
    text = _text(element, path, required)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidTrustedList(f"{path} is not a date and time.", errors={"xml": [f"Invalid {path}."]}) from None
    if moment.tzinfo is None:
        raise InvalidTrustedList(f"{path} has no time zone.", errors={"xml": [f"Invalid {path}."]})
    return moment


def _pem(der: bytes) -> str:
    return "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode() + "-----END CERTIFICATE-----\n"
