__version__ = "0.1.0"

# Load the Celery app when Django starts so that @shared_task binds to it.
from config.celery import app as celery_app

__all__ = ["__version__", "celery_app"]
