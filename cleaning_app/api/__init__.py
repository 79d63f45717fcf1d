"""The JSON API at /api, wire-compatible with the original Phresh backend
(the FastAPI "Up and Running" series), on the same services as the pages.
See the CONTRACT's section "JSON API (`/api`)" and README "JSON API"."""
