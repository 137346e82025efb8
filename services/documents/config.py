"""Settings of the documents service: it is the one that needs the S3 server."""
from pydantic import Field, SecretStr

from procure.config import KitSettings

# What tender documents are made of: PDF, office documents (sniffed as zip or OLE containers), plain
# text, XML, images and archives.
OFFICE_TYPES = ("application/pdf", "application/zip", "application/x-zip-compressed",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
                "application/msword", "application/vnd.ms-excel", "application/x-ole-storage",
                "text/plain", "text/csv", "application/xml", "text/xml", "image/png", "image/jpeg")


class DocumentsSettings(KitSettings):
    s3_endpoint: str = Field(description="S3 server as host:port (MinIO in production)")
    s3_access_key: SecretStr
    s3_secret_key: SecretStr
    s3_bucket: str = Field("procure-documents", pattern=r"^[a-z0-9][a-z0-9.-]{2,62}$")
    upload_url_seconds: int = Field(900, ge=1, le=7 * 24 * 3600,
                                    description="how long presigned upload URLs live; unfinished uploads expire then")
    download_url_seconds: int = Field(300, ge=1, le=300, description="how long presigned download URLs live")
    multipart_threshold_bytes: int = Field(64 * 1024 * 1024, ge=1,
                                           description="declared sizes above this upload in parts")
    multipart_part_bytes: int = Field(16 * 1024 * 1024, ge=5 * 1024 * 1024, le=5 * 1024 * 1024 * 1024,
                                      description="size of each part of a multipart upload but the last")
    document_size_limits: dict[str, int] = Field(
        default_factory=lambda: {"tender-document": 512 * 1024 * 1024, "bid-file": 2 * 1024 * 1024 * 1024,
                                 "vault-document": 50 * 1024 * 1024, "other": 50 * 1024 * 1024},
        description="largest size accepted per kind of document, in bytes")
    document_allowed_types: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "tender-document": list(OFFICE_TYPES),
            "bid-file": ["application/octet-stream", *OFFICE_TYPES],
            "vault-document": ["application/pdf", "image/png", "image/jpeg", "application/xml", "text/xml"],
            "other": list(OFFICE_TYPES)},
        description="content types accepted per kind, as sniffed from the stored bytes")
    upload_sweep_seconds: float = Field(60.0, gt=0, le=3600, description="how often expired uploads are swept")
    clamd_address: str | None = Field(
        None, pattern=r"^(unix:/\S+|\[[0-9A-Fa-f:]+\]:\d{1,5}|[A-Za-z0-9.-]+:\d{1,5})$",
        description="clamd that scans every non-sealed upload, as host:port or unix:/path; no scanning when unset")
    clamd_timeout_seconds: float = Field(120.0, gt=0, le=3600,
                                         description="longest wait for clamd on one socket operation of a scan")
