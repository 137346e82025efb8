"""Settings of the documents service: it is the one that needs the S3 server."""
from pydantic import Field, SecretStr

from procure.config import KitSettings


class DocumentsSettings(KitSettings):
    s3_endpoint: str = Field(description="S3 server as host:port (MinIO in production)")
    s3_access_key: SecretStr
    s3_secret_key: SecretStr
    s3_bucket: str = Field("procure-documents", pattern=r"^[a-z0-9][a-z0-9.-]{2,62}$")
