"""Storage: SQLAlchemy 2.0 typed models, engine set-up, change counter and Alembic migrations."""
