"""Search over notices: per notice a search vector and a copy of the filter columns, kept by a trigger.

The copy lets words, CPV and NUTS prefixes combine on one narrow table's indexes; no extension is needed.

Revision ID: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

TEXT_ARRAY = postgresql.ARRAY(sa.Text())

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# EU official languages PostgreSQL may stem; a configuration missing from the server falls back to `simple`.
_CONFIGURATIONS = {"da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
                   "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "it": "italian",
                   "lt": "lithuanian", "nl": "dutch", "pt": "portuguese", "ro": "romanian", "sv": "swedish"}
_CASES = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in _CONFIGURATIONS.items())
# The columns of `notices` copied into `notice_search` so that every filter runs on the narrow table.
COPIED = ("status", "buyer_id", "procedure", "contract_nature", "cpv_code", "cpv_prefixes", "nuts_prefixes",
          "languages", "estimated_value", "currency", "above_threshold", "green", "social", "innovation",
          "submission_deadline", "published_at")
_COPIED = ", ".join(COPIED)
_NEW_COPIED = ", ".join(f"NEW.{name}" for name in COPIED)
_OLD_COPIED = ", ".join(f"OLD.{name}" for name in COPIED)
_EXCLUDED_COPIED = ", ".join(f"EXCLUDED.{name}" for name in COPIED)

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
    f"""CREATE FUNCTION notice_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.title IS NOT DISTINCT FROM NEW.title
     AND OLD.description IS NOT DISTINCT FROM NEW.description THEN
    UPDATE notice_search SET ({_COPIED}) = ({_NEW_COPIED}) WHERE notice_id = NEW.id;
  ELSE
    INSERT INTO notice_search (notice_id, search_vector, {_COPIED})
    VALUES (NEW.id, notice_search_vector(NEW.title, NEW.description), {_NEW_COPIED})
    ON CONFLICT (notice_id) DO UPDATE SET (search_vector, {_COPIED})
      = (EXCLUDED.search_vector, {_EXCLUDED_COPIED});
  END IF;
  RETURN NULL;
END
$$""",
    """CREATE TRIGGER notice_search_on_insert AFTER INSERT ON notices
FOR EACH ROW EXECUTE FUNCTION notice_search_refresh()""",
    f"""CREATE TRIGGER notice_search_on_update AFTER UPDATE OF title, description, {_COPIED} ON notices
FOR EACH ROW WHEN ((OLD.title, OLD.description, {_OLD_COPIED}) IS DISTINCT FROM (NEW.title, NEW.description, {_NEW_COPIED}))
EXECUTE FUNCTION notice_search_refresh()""",
]
_INDEXES = [
    ("notice_search_words", ["search_vector"], "gin"),
    ("notice_search_cpv_prefixes", ["cpv_prefixes"], "gin"),
    ("notice_search_nuts_prefixes", ["nuts_prefixes"], "gin"),
    ("notice_search_buyer", ["buyer_id"], None),
    ("notice_search_published_order", [sa.text("published_at DESC"), sa.text("notice_id DESC")], None),
    ("notice_search_deadline_order", [sa.text("coalesce(submission_deadline, 'infinity'::timestamptz)"),
                                      "notice_id"], None),
]


def upgrade() -> None:
    op.create_table(
        "notice_search",
        sa.Column("notice_id", sa.Uuid(), sa.ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("search_vector", postgresql.TSVECTOR(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("buyer_id", sa.Uuid(), nullable=False),
        sa.Column("procedure", sa.String(40), nullable=False),
        sa.Column("contract_nature", sa.String(20), nullable=False),
        sa.Column("cpv_code", sa.String(10), nullable=False),
        sa.Column("cpv_prefixes", TEXT_ARRAY, nullable=False),
        sa.Column("nuts_prefixes", TEXT_ARRAY, nullable=False),
        sa.Column("languages", TEXT_ARRAY, nullable=False),
        sa.Column("estimated_value", sa.Numeric(20, 2)),
        sa.Column("currency", sa.String(3)),
        sa.Column("above_threshold", sa.Boolean()),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.Column("social", sa.Boolean(), nullable=False),
        sa.Column("innovation", sa.Boolean(), nullable=False),
        sa.Column("submission_deadline", sa.DateTime(timezone=True)),
        sa.Column("published_at", sa.DateTime(timezone=True)))
    for statement in FUNCTIONS:
        op.execute(statement)
    op.execute(f"INSERT INTO notice_search (notice_id, search_vector, {_COPIED})"
               f" SELECT id, notice_search_vector(title, description), {_COPIED} FROM notices")
    for name, columns, using in _INDEXES:
        op.create_index(name, "notice_search", columns, postgresql_using=using)


def downgrade() -> None:
    op.execute("DROP TRIGGER notice_search_on_update ON notices")
    op.execute("DROP TRIGGER notice_search_on_insert ON notices")
    op.drop_table("notice_search")
    for function in ("notice_search_refresh()", "notice_search_vector(jsonb, jsonb)", "notice_search_config(text)"):
        op.execute(f"DROP FUNCTION {function}")
