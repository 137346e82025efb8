"""The metadata every identity table belongs to."""
import sqlalchemy as sa

metadata = sa.MetaData()
