"""The schema is made only by migrations, and the migrations agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from backend.migrate import current_revision, head_revision
from backend.models import metadata


def test_migrations_reach_head(engine):
    assert current_revision(engine) == head_revision()


def test_models_and_migrations_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], f"models and migrations differ; add a migration: {differences}"


def test_sqlite_runs_in_wal_with_foreign_keys(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
