"""Settings of the bids service."""
from procure.config import KitSettings


class BidsSettings(KitSettings):
    pass
