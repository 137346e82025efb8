"""A small public-key infrastructure made by the tests, with ECDSA P-256 keys (fast).

root -> intermediate -> signer (qualified: QcCompliance + QcSSCD + esign), expired signer,
revoked signer (on the intermediate's CRL); a separate root that no list accepts, with its
own signer; and a scheme operator's self-signed certificate that signs trusted lists.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from functools import partial

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.sign.ades import qualified_asn1

QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
DAY = dt.timedelta(days=1)


@dataclass
class Issued:
    name: str
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    @property
    def fingerprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()


@dataclass
class TestPki:
    root: Issued
    intermediate: Issued
    signer: Issued
    expired_signer: Issued
    revoked_signer: Issued
    crl_der: bytes
    unknown_root: Issued
    unknown_signer: Issued
    list_operator: Issued
    other_root: Issued


def _plain_name(common_name: str, country: str = "FR", *, pki: str, **extra) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, country),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Procure Test PKI {pki}"),
                  x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if "serial" in extra:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, extra["serial"]))
    if "organisation_identifier" in extra:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, extra["organisation_identifier"]))
    return x509.Name(attributes)


def _qc_statements() -> x509.UnrecognizedExtension:
    statements = qualified_asn1.QcStatements([
        {"statement_id": "qc_compliance", "statement_info": core.Void()},
        {"statement_id": "qc_sscd", "statement_info": core.Void()},
        {"statement_id": "qc_type", "statement_info": qualified_asn1.QcCertificateType(["qct_esign"])},
    ])
    return x509.UnrecognizedExtension(QC_STATEMENTS_OID, statements.dump())


def _issue(name: str, subject: x509.Name, issuer: Issued | None, *, ca: bool, now: dt.datetime,
           not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
           qualified: bool = False, path_length: int | None = None) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    signing_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.certificate.subject if issuer else subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before or now - DAY)
               .not_valid_after(not_after or now + 365 * DAY)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    builder = builder.add_extension(_key_usage(ca), critical=True)
    if not ca and issuer:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(f"http://crl.invalid/{issuer.name}.crl")], None, None, None)]),
            critical=False)
    if qualified:
        builder = builder.add_extension(_qc_statements(), critical=False)
    certificate = builder.sign(signing_key, hashes.SHA256())
    chain = [issuer.certificate, *issuer.chain] if issuer else []
    return Issued(name, key, certificate, chain)


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def revocation_list(issuer: Issued, revoked: list[Issued], now: dt.datetime,
                    signing_key: ec.EllipticCurvePrivateKey | None = None) -> bytes:
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(issuer.certificate.subject)
               .last_update(now - DAY)
               .next_update(now + 7 * DAY)
               .add_extension(x509.CRLNumber(1), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                              critical=False))
    for certificate in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(certificate.certificate.serial_number)
            .revocation_date(now - dt.timedelta(hours=12)).build())
    crl = builder.sign(signing_key or issuer.key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)


def make_test_pki() -> TestPki:
    now = dt.datetime.now(dt.timezone.utc)
    # Each PKI has names of its own, so that paths never wander into another test's authorities.
    _name = partial(_plain_name, pki=secrets.token_hex(3))
    root = _issue("root", _name("Test Root CA"), None, ca=True, now=now, path_length=1)
    intermediate = _issue("intermediate", _name("Test Qualified CA"), root, ca=True, now=now, path_length=0)
    signer = _issue("signer", _name("Marie Curie", serial="IDCFR-12345678",
                                    organisation_identifier="VATFR-12345678901"),
                    intermediate, ca=False, now=now, qualified=True)
    expired = _issue("expired", _name("Old Signer"), intermediate, ca=False, now=now,
                     not_before=now - 400 * DAY, not_after=now - 30 * DAY)
    revoked = _issue("revoked", _name("Revoked Signer"), intermediate, ca=False, now=now)
    unknown_root = _issue("unknown-root", _name("Unlisted Root CA", "SE"), None, ca=True, now=now)
    unknown_signer = _issue("unknown-signer", _name("Unlisted Signer", "SE"), unknown_root, ca=False, now=now)
    operator = _issue("operator", _name("Test Trusted List Operator"), None, ca=True, now=now)
    other_root = _issue("other-root", _name("Test Other Root CA", "CZ"), None, ca=True, now=now)
    return TestPki(root=root, intermediate=intermediate, signer=signer, expired_signer=expired,
                   revoked_signer=revoked, crl_der=revocation_list(intermediate, [revoked], now),
                   unknown_root=unknown_root, unknown_signer=unknown_signer, list_operator=operator,
                   other_root=other_root)


def _pyhanko_signer(holder: Issued):
    from asn1crypto import keys, x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = asn1_x509.Certificate.load(holder.der)
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in holder.chain]
    key = keys.PrivateKeyInfo.load(holder.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return signers.SimpleSigner(signing_cert=certificate, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs(chain))


def small_pdf(text: str = "Bid for lot 1") -> bytes:
    """A one-page PDF written by pyhanko's own writer."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(
        stream_data=f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()))
    writer.insert_page(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
        generic.NameObject("/Resources"): generic.DictionaryObject(),
        generic.NameObject("/Contents"): content,
    }))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pades_sign(pdf: bytes, holder: Issued) -> bytes:
    """A PAdES baseline signature made with pyhanko."""
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    out = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)),
                           signers.PdfSignatureMetadata(field_name="Signature1", subfilter=None),
                           signer=_pyhanko_signer(holder))
    return out.getvalue()


def cades_sign(data: bytes, holder: Issued) -> bytes:
    """A detached CMS (CAdES) signature made with pyhanko, DER."""
    import asyncio

    signed = asyncio.run(_pyhanko_signer(holder).async_sign_general_data(data, "sha256", detached=True))
    return signed.dump()


def xades_sign(xml: bytes, holder: Issued) -> bytes:
    """An enveloped XAdES signature made with signxml, the chain in KeyInfo."""
    from lxml import etree
    from signxml.xades import XAdESSigner

    signer = XAdESSigner(signature_algorithm="ecdsa-sha256")
    certificates = [holder.pem.decode(), *(c.public_bytes(serialization.Encoding.PEM).decode() for c in holder.chain)]
    signed = signer.sign(etree.fromstring(xml), key=holder.key_pem, cert=certificates)
    return etree.tostring(signed)


TSL_NS = "http://uri.etsi.org/02231/v2#"
GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
WITHDRAWN = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn"
CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"


@dataclass
class ListedService:
    certificate: Issued
    status: str = GRANTED
    service_type: str = CA_QC
    name: str = "Qualified certificates for electronic signatures"
    history: list[tuple[str, str]] = field(default_factory=list)   # (status URI, starting time)


def trusted_list_xml(territory: str, services: list[ListedService], *, sequence: int = 1,
                     pointers: list[tuple[str, Issued]] = (), tsl_type: str | None = None) -> bytes:
    """An unsigned TrustServiceStatusList following ETSI TS 119 612's structure."""
    from base64 import b64encode
    from xml.sax.saxutils import escape

    def certificate(issued: Issued) -> str:
        return f"<DigitalId><X509Certificate>{b64encode(issued.der).decode()}</X509Certificate></DigitalId>"

    def service(entry: ListedService) -> str:
        history = "".join(
            f"<ServiceHistoryInstance><ServiceTypeIdentifier>{entry.service_type}</ServiceTypeIdentifier>"
            f"<ServiceName><Name xml:lang=\"en\">{escape(entry.name)}</Name></ServiceName>"
            f"<ServiceDigitalIdentity>{certificate(entry.certificate)}</ServiceDigitalIdentity>"
            f"<ServiceStatus>{status}</ServiceStatus><StatusStartingTime>{since}</StatusStartingTime>"
            f"</ServiceHistoryInstance>" for status, since in entry.history)
        return (f"<TSPService><ServiceInformation><ServiceTypeIdentifier>{entry.service_type}</ServiceTypeIdentifier>"
                f"<ServiceName><Name xml:lang=\"en\">{escape(entry.name)}</Name></ServiceName>"
                f"<ServiceDigitalIdentity>{certificate(entry.certificate)}</ServiceDigitalIdentity>"
                f"<ServiceStatus>{entry.status}</ServiceStatus>"
                f"<StatusStartingTime>2024-01-01T00:00:00Z</StatusStartingTime></ServiceInformation>"
                + (f"<ServiceHistory>{history}</ServiceHistory>" if history else "") + "</TSPService>")

    pointer_xml = "".join(
        f"<OtherTSLPointer><ServiceDigitalIdentities><ServiceDigitalIdentity>{certificate(signer)}"
        f"</ServiceDigitalIdentity></ServiceDigitalIdentities><TSLLocation>https://tl.invalid/{code}.xml</TSLLocation>"
        f"<AdditionalInformation><OtherInformation><SchemeTerritory>{code}</SchemeTerritory></OtherInformation>"
        f"<OtherInformation><MimeType xmlns=\"http://uri.etsi.org/02231/v2/additionaltypes#\">"
        f"application/vnd.etsi.tsl+xml</MimeType></OtherInformation></AdditionalInformation></OtherTSLPointer>"
        for code, signer in pointers)
    tsl_type = tsl_type or ("http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists" if pointers
                            else "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric")
    providers = "".join(
        f"<TrustServiceProvider><TSPInformation><TSPName><Name xml:lang=\"en\">Provider {i}</Name></TSPName>"
        f"</TSPInformation><TSPServices>{service(entry)}</TSPServices></TrustServiceProvider>"
        for i, entry in enumerate(services))
    return (f"<TrustServiceStatusList xmlns=\"{TSL_NS}\" Id=\"tsl\" TSLTag=\"http://uri.etsi.org/19612/TSLTag\">"
            f"<SchemeInformation><TSLVersionIdentifier>5</TSLVersionIdentifier>"
            f"<TSLSequenceNumber>{sequence}</TSLSequenceNumber><TSLType>{tsl_type}</TSLType>"
            f"<SchemeOperatorName><Name xml:lang=\"en\">Supervisory body of {territory}</Name></SchemeOperatorName>"
            f"<SchemeTerritory>{territory}</SchemeTerritory>"
            + (f"<PointersToOtherTSL>{pointer_xml}</PointersToOtherTSL>" if pointers else "")
            + "<ListIssueDateTime>2026-01-01T00:00:00Z</ListIssueDateTime>"
            "<NextUpdate><dateTime>2030-01-01T00:00:00Z</dateTime></NextUpdate></SchemeInformation>"
            + (f"<TrustServiceProviderList>{providers}</TrustServiceProviderList>" if services else "")
            + "</TrustServiceStatusList>").encode()


def sign_trusted_list(xml: bytes, operator: Issued) -> bytes:
    """Enveloped XML-DSig over the whole list, as scheme operators sign them."""
    from lxml import etree
    from signxml import XMLSigner

    signed = XMLSigner(signature_algorithm="ecdsa-sha256").sign(
        etree.fromstring(xml), key=operator.key_pem, cert=[operator.pem.decode()])
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
