"""The web view of the ledger: a read-only JSON API (FastAPI, OpenAPI at /docs) and HTML pages.

Start it with ``newsledger serve --db FILE`` or ``newsledger.web.app.create_app(db)``.
"""
