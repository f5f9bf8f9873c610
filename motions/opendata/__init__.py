"""Tweede Kamer open data (OData v4).

The pure-HTTP client (no Django) lives in ``client`` and is re-exported here.
"""

from motions.opendata.client import (
    USER_AGENT,
    ODataClient,
    ODataError,
    Page,
    TransientError,
    api_instant,
    odata_datetime,
    odata_string,
)

__all__ = [
    "USER_AGENT",
    "ODataClient",
    "ODataError",
    "Page",
    "TransientError",
    "api_instant",
    "odata_datetime",
    "odata_string",
]
