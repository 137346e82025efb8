"""The roles a membership grants, and which kind of organisation may hold each."""
from __future__ import annotations

BUYER_ADMIN = "buyer-admin"
BUYER_AGENT = "buyer-agent"
OPENING_COMMITTEE = "opening-committee"
SUPPLIER_ADMIN = "supplier-admin"
SUPPLIER_AGENT = "supplier-agent"
PLATFORM_ADMIN = "platform-admin"
AUDITOR = "auditor"

BUYER_ROLES = frozenset({BUYER_ADMIN, BUYER_AGENT, OPENING_COMMITTEE})
SUPPLIER_ROLES = frozenset({SUPPLIER_ADMIN, SUPPLIER_AGENT})
# Held in the region's own operator organisation, never granted by a buyer or a supplier.
PLATFORM_ROLES = frozenset({PLATFORM_ADMIN, AUDITOR})
ALL_ROLES = BUYER_ROLES | SUPPLIER_ROLES | PLATFORM_ROLES
ADMIN_ROLES = frozenset({BUYER_ADMIN, SUPPLIER_ADMIN})
