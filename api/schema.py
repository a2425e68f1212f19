def only_open_data(endpoints):
    """The OpenAPI document describes the open data API only (not Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
