"""Rows as they travel: which tables and columns sync, canonical JSON, digests, validation.

A row travels as a JSON object of its columns (full snapshot, never a diff). Values are JSON
types: UUIDs, dates and times as ISO strings, enums as their stored values. Serialisation is
canonical (sorted keys, no spaces, UTF-8), so the same row gives the same bytes and the same
SHA-256 on the office and on the province, whatever database each uses.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from desktop.domain.errors import N_, render
from desktop.store.base import Base
from desktop.store.models import SYNCED_MODELS

# Columns that never leave the office: a password hash is of no use to the province.
PRIVATE_COLUMNS: dict[str, frozenset[str]] = {"users": frozenset({"password_hash"})}
# What the province stores in place of a private column (NOT NULL in the shared schema).
PRIVATE_FILL: dict[str, dict[str, Any]] = {"users": {"password_hash": ""}}

_SYNCED_NAMES = frozenset(model.__tablename__ for model in SYNCED_MODELS)  # type: ignore[attr-defined]
# Parents before children (foreign keys), in a fixed order: the order rows are written and hashed.
SYNCED_TABLES: tuple[Table, ...] = tuple(
    table for table in Base.metadata.sorted_tables if table.name in _SYNCED_NAMES
)
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in SYNCED_TABLES}


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def synced_columns(table: Table) -> list[Column[Any]]:
    private = PRIVATE_COLUMNS.get(table.name, frozenset())
    return [column for column in table.columns if column.key not in private]


def _uuid_to_json(value: Any) -> Any:
    return None if value is None else str(value)


def _date_to_json(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _enum_to_json(value: Any) -> Any:
    if value is None:
        return None
    return value.value if isinstance(value, enum.Enum) else value


def _plain(value: Any) -> Any:
    return value


def _float_to_json(value: Any) -> Any:
    return None if value is None else float(value)


def _json_encoder(column: Column[Any]) -> Callable[[Any], Any]:
    column_type = column.type
    if isinstance(column_type, Uuid):
        return _uuid_to_json
    if isinstance(column_type, Date | DateTime):
        return _date_to_json
    if isinstance(column_type, Enum):
        return _enum_to_json
    if isinstance(column_type, Float):
        return _float_to_json
    return _plain


@dataclass(frozen=True)
class TableCodec:
    """Turns rows of one table into travelling JSON objects and back (with validation)."""

    table: Table
    columns: tuple[Column[Any], ...]
    encoders: tuple[Callable[[Any], Any], ...]

    @classmethod
    def for_table(cls, table: Table) -> TableCodec:
        columns = tuple(synced_columns(table))
        return cls(table, columns, tuple(_json_encoder(c) for c in columns))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def encode(self, values: Iterable[Any]) -> dict[str, Any]:
        """A database row (values in ``columns`` order) as a travelling JSON object."""
        return {
            column.key: encode(value)
            for column, encode, value in zip(self.columns, self.encoders, values, strict=True)
        }

    def decode(self, row: Mapping[str, Any]) -> tuple[dict[str, Any] | None, Rejection | None]:
        """Database values for a travelling row, or the reason it cannot be accepted."""
        extra = set(row) - set(self.names)
        if extra:
            return None, Rejection(N_("unknown field {field}"), {"field": sorted(extra)[0]})
        values: dict[str, Any] = {}
        for column in self.columns:
            if column.key not in row:
                # An older office may not know a newer column: take its default, never drop
                # the row for it.
                default = _column_default(column)
                if default is _NO_DEFAULT and not column.nullable:
                    return None, Rejection(N_("field {field} is missing"), {"field": column.key})
                values[column.key] = None if default is _NO_DEFAULT else default
                continue
            raw = row[column.key]
            if raw is None:
                if not column.nullable:
                    return None, Rejection(N_("field {field} is empty"), {"field": column.key})
                values[column.key] = None
                continue
            try:
                values[column.key] = _decode_value(column, raw)
            except (ValueError, TypeError, LookupError):
                return None, Rejection(
                    N_("field {field} has an invalid value"), {"field": column.key}
                )
        values.update(PRIVATE_FILL.get(self.table.name, {}))
        return values, None


_NO_DEFAULT = object()


def _column_default(column: Column[Any]) -> Any:
    arg = getattr(column.default, "arg", _NO_DEFAULT)
    return _NO_DEFAULT if callable(arg) else arg


def _decode_value(column: Column[Any], raw: Any) -> Any:
    column_type = column.type
    if isinstance(column_type, Uuid):
        if not isinstance(raw, str):
            raise TypeError
        return uuid.UUID(raw)
    if isinstance(column_type, DateTime):
        if not isinstance(raw, str):
            raise TypeError
        return datetime.fromisoformat(raw)
    if isinstance(column_type, Date):
        if not isinstance(raw, str) or len(raw) != 10:
            raise TypeError
        return date.fromisoformat(raw)
    if isinstance(column_type, Enum):
        enum_class = column_type.enum_class
        if enum_class is None or not isinstance(raw, str):
            raise TypeError
        return enum_class(raw)
    if isinstance(column_type, Boolean):
        if not isinstance(raw, bool):
            raise TypeError
        return raw
    if isinstance(column_type, Integer):
        if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) >= 2**31:
            raise TypeError
        return raw
    if isinstance(column_type, Float):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise TypeError
        return float(raw)
    if isinstance(column_type, JSON):
        if not isinstance(raw, dict | list):
            raise TypeError
        return raw
    if isinstance(column_type, String | Text):
        if not isinstance(raw, str):
            raise TypeError
        length = getattr(column_type, "length", None)
        if length is not None and len(raw) > length:
            raise ValueError
        if "\x00" in raw:
            raise ValueError
        return raw
    raise TypeError(f"unsupported column type {column_type!r}")


@dataclass(frozen=True)
class Rejection:
    """Why a row was refused: an ``N_`` msgid and its parameters."""

    msgid: str
    params: dict[str, Any]


CODECS: dict[str, TableCodec] = {table.name: TableCodec.for_table(table) for table in SYNCED_TABLES}


def row_digest(row: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_json(row))


class OfficeDigest:
    """SHA-256 over every synced row of one office, table by table in a fixed order, rows by id.

    Both sides feed it the same (table, id, row digest) lines, so equal digests mean the two
    databases hold the same rows for that office.
    """

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.counts: dict[str, int] = {}

    def add(self, table: str, row_id: str, digest: str) -> None:
        self._hash.update(f"{table}\t{row_id}\t{digest}\n".encode("ascii"))
        self.counts[table] = self.counts.get(table, 0) + 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


# What a person reads for each table (previews, status).
TABLE_LABELS: dict[str, str] = {
    "holidays": N_("holidays"),
    "offices": N_("offices"),
    "participants": N_("participants"),
    "skills": N_("skills"),
    "users": N_("user accounts"),
    "intake_interviews": N_("intake interviews"),
    "skill_criteria": N_("rubric criteria"),
    "workshops": N_("workshops"),
    "enrolments": N_("enrolments"),
    "outcomes": N_("outcomes"),
    "skill_assessments": N_("skill assessments"),
    "workshop_sessions": N_("workshop sessions"),
    "attendance": N_("attendance marks"),
    "certificates": N_("certificates"),
    "follow_ups": N_("follow-ups"),
}


def display_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """A rejection's parameters for a person: a ``table`` named by its label in their language
    (the msgid keeps the English table name, so the receipt stays language-neutral)."""
    return {
        key: render(TABLE_LABELS[value])
        if key == "table" and isinstance(value, str) and value in TABLE_LABELS
        else value
        for key, value in params.items()
    }
