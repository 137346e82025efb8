"""Settings of the documents service: it is the one that needs the S3 server."""
from pydantic import Field, SecretStr

from procure.config import KitSettings


class DocumentsSettings(KitSettings):
    s3_endpoint: str = Field(description="S3 server as host:port (MinIO in production)")
    s3_access_key: SecretStr
    s3_secret_key: SecretStr
    s3_bucket: str = Field("procure-documents", pattern=r"^[a-z0-9][a-z0-9.-]{2,62}$")
    clamd_address: str | None = Field(
        None, pattern=r"^(unix:/\S+|\[[0-9A-Fa-f:]+\]:\d{1,5}|[A-Za-z0-9.-]+:\d{1,5})$",
        description="clamd that scans every non-sealed upload, as host:port or unix:/path; no scanning when unset")
    clamd_timeout_seconds: float = Field(120.0, gt=0, le=3600,
                                         description="longest wait for clamd on one socket operation of a scan")
