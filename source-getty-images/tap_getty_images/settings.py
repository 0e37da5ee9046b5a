"""The tap's settings: the same keys, types and defaults as the Airbyte source's spec, so one
config.json serves both connectors."""

from __future__ import annotations

from singer_sdk import typing as th

PRODUCT_TYPES = [
    "easyaccess",
    "editorialsubscription",
    "imagepack",
    "premiumaccess",
    "royaltyfreesubscription",
    "creditpack",
    "aigen",
]

CONFIG_SCHEMA = th.PropertiesList(
    th.Property(
        "api_key",
        th.StringType,
        required=True,
        secret=True,
        title="API Key",
        description="Your Getty Images API key: sent with every request and used as "
        "the OAuth client id.",
    ),
    th.Property(
        "api_secret",
        th.StringType,
        required=True,
        secret=True,
        title="API Secret",
        description="The API secret issued with your API key (the OAuth client secret).",
    ),
    th.Property(
        "credentials",
        th.DiscriminatedUnion(
            "auth_type",
            password=th.ObjectType(
                th.Property(
                    "username",
                    th.StringType,
                    required=True,
                    description="The Getty Images user name.",
                ),
                th.Property(
                    "password",
                    th.StringType,
                    required=True,
                    secret=True,
                    description="The Getty Images password.",
                ),
            ),
            refresh_token=th.ObjectType(
                th.Property(
                    "refresh_token",
                    th.StringType,
                    required=True,
                    secret=True,
                    description="A refresh token Getty issued for a user of your account.",
                )
            ),
            client_credentials=th.ObjectType(),
        ),
        required=True,
        title="Authentication",
        description="How to obtain the access token: auth_type password (username, password) "
        "or refresh_token reach every stream; client_credentials (the key and secret "
        "alone) has no user context, so Getty answers 403 on downloads, purchases, "
        "orders, products and boards.",
    ),
    th.Property(
        "start_date",
        th.DateType,
        required=True,
        title="Start Date",
        description="The first day of download and purchase history to replicate "
        "(UTC), YYYY-MM-DD.",
        examples=["2023-01-01"],
    ),
    th.Property(
        "lookback_days",
        th.IntegerType(minimum=0, maximum=30),
        default=1,
        title="Lookback Window (days)",
        description="Days re-read before the bookmark on each incremental sync, to pick "
        "up late arrivals (re-read records keep their primary key).",
    ),
    th.Property(
        "company_wide",
        th.BooleanType,
        default=False,
        title="Company-wide History",
        description="Read the downloads and purchases of every user in your company; "
        "needs the company-wide permission on the Getty account.",
    ),
    th.Property(
        "product_types",
        th.ArrayType(th.StringType(allowed_values=PRODUCT_TYPES)),
        default=[],
        title="Product Types",
        description="Only downloads charged to these product types (one pass per "
        "type). Leave empty for all.",
    ),
    th.Property(
        "requests_per_second",
        th.IntegerType(minimum=1, maximum=100),
        default=5,
        title="Requests per Second",
        description="Client-side pace. Getty sends no rate-limit headers and answers "
        "429 above your key's limit (usually 5 a second).",
    ),
    th.Property(
        "api_base_url",
        th.URIType,
        default="https://api.gettyimages.com",
        title="API Base URL (advanced)",
        description="The Getty API host, without /v3. Change it only for a test double.",
    ),
    th.Property(
        "auth_url",
        th.URIType,
        default="https://authentication.gettyimages.com/oauth2/token",
        title="Token URL (advanced)",
        description="Getty's OAuth2 token endpoint. Change it only for a test double.",
    ),
).to_dict()
