"""HTTP layer: FastAPI app factory, routes, schemas, error mapping. The only FastAPI importer."""

from graphsvc.api.app import create_app

__all__ = ["create_app"]
