"""Full-text search over notices: a search vector per notice kept by a trigger, with its GIN index.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# EU official languages PostgreSQL may stem; a configuration missing from the server falls back to `simple`.
_CONFIGURATIONS = {"da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
                   "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "it": "italian",
                   "lt": "lithuanian", "nl": "dutch", "pt": "portuguese", "ro": "romanian", "sv": "swedish"}
_CASES = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in _CONFIGURATIONS.items())

FUNCTIONS = [
    f"""CREATE FUNCTION notice_search_config(language text) RETURNS regconfig LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT c.oid::regconfig FROM pg_ts_config c
                    WHERE c.cfgnamespace = 'pg_catalog'::regnamespace
                      AND c.cfgname = CASE language {_CASES} END), 'simple'::regconfig)
$$""",
    """CREATE FUNCTION notice_search_vector(title jsonb, description jsonb) RETURNS tsvector
LANGUAGE plpgsql STABLE AS $$
DECLARE
  vector tsvector := '';
  entry record;
BEGIN
  FOR entry IN SELECT key, value, 'A'::"char" AS weight FROM jsonb_each_text(coalesce(title, '{}'))
               UNION ALL
               SELECT key, value, 'B'::"char" FROM jsonb_each_text(coalesce(description, '{}')) LOOP
    vector := vector || setweight(to_tsvector(notice_search_config(entry.key), entry.value), entry.weight)
                     || setweight(to_tsvector('simple'::regconfig, entry.value), entry.weight);
  END LOOP;
  RETURN vector;
END
$$""",
    """CREATE FUNCTION notice_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notice_search (notice_id, search_vector)
  VALUES (NEW.id, notice_search_vector(NEW.title, NEW.description))
  ON CONFLICT (notice_id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
  RETURN NULL;
END
$$""",
    """CREATE TRIGGER notice_search_on_insert AFTER INSERT ON notices
FOR EACH ROW EXECUTE FUNCTION notice_search_refresh()""",
    """CREATE TRIGGER notice_search_on_update AFTER UPDATE OF title, description ON notices
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION notice_search_refresh()""",
]


def upgrade() -> None:
    op.create_table(
        "notice_search",
        sa.Column("notice_id", sa.Uuid(), sa.ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("search_vector", postgresql.TSVECTOR(), nullable=False))
    for statement in FUNCTIONS:
        op.execute(statement)
    op.execute("INSERT INTO notice_search SELECT id, notice_search_vector(title, description) FROM notices")
    op.create_index("notice_search_words", "notice_search", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    op.execute("DROP TRIGGER notice_search_on_update ON notices")
    op.execute("DROP TRIGGER notice_search_on_insert ON notices")
    op.drop_table("notice_search")
    for function in ("notice_search_refresh()", "notice_search_vector(jsonb, jsonb)", "notice_search_config(text)"):
        op.execute(f"DROP FUNCTION {function}")
