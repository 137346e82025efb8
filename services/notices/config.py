"""Settings of the notices service."""
from procure.config import KitSettings


class NoticesSettings(KitSettings):
    pass
