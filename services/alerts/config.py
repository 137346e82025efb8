"""Settings of the alerts service."""
from procure.config import KitSettings


class AlertsSettings(KitSettings):
    pass
