"""The bottom layer, with no models: HTTP helpers (ETags, conditional requests, keyset pages,
``parse_when``), the API's one error shape, the base viewset mixins and the admin's read-only
mixins. Everything may import it; it imports no app of ours."""
