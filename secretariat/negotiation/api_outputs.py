"""API operations that render versions: redlines and exports (mounted at /negotiation too)."""

from ninja import Router

router = Router(tags=["negotiation"])
