"""The web application: server-rendered pages (Jinja2, htmx, vega-embed) and the REST API."""
