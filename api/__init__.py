"""The FastAPI application of the register: routers (HTTP), services (what a request means), and the store."""
