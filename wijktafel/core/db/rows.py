"""Rows of a model by SQL built once, for the few statements every live op runs (issue 12,
docs/decisions/0020-rows-on-the-op-path.md).

The ORM compiles a query again on every call. On the sockets' one database thread that was
most of an op's CPU: reading a row by its key took 0.3 ms, of which the database's own work was
0.04 ms. These helpers build the statement once per model and database and turn a row into a
model instance with the same converters the ORM applies (dates, JSON, UUIDs), so what they
return is what ``Model.objects.get`` would have returned. Everything else stays ORM.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.expressions import DatabaseDefault
from django.db.models.signals import post_save, pre_save


class Rows:
    """Whole rows of ``model`` where each of ``fields`` equals a value, and ``also`` (plain SQL
    on the model's own columns, without parameters) holds. ``lock``: ``FOR UPDATE`` where the
    database has it (on SQLite the write transaction already holds the database)."""

    def __init__(self, model: type[Model], *fields: str, also: str = "", lock: bool = False):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.also = also
        self.lock = lock
        self._built: dict[str, tuple] = {}  # by database alias

    def _build(self, alias: str) -> tuple:
        connection = connections[alias]
        meta = self.model._meta
        quote = connection.ops.quote_name
        columns = list(meta.concrete_fields)
        conditions = [f"{quote(field.column)} = %s" for field in self.fields]
        if self.also:
            conditions.append(self.also)
        sql = "SELECT {} FROM {} WHERE {}".format(
            ", ".join(quote(field.column) for field in columns),
            quote(meta.db_table),
            " AND ".join(conditions),
        )
        if self.lock and connection.features.has_select_for_update:
            sql += " FOR UPDATE"
        converters = []
        for index, field in enumerate(columns):
            column = field.get_col(meta.db_table)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        built = (sql, [field.attname for field in columns], converters)
        self._built[alias] = built
        return built

    def get(self, *values: Any) -> Model | None:
        """The first row whose fields equal ``values`` (a unique key: the only one), or None."""
        alias = router.db_for_read(self.model)
        sql, names, converters = self._built.get(alias) or self._build(alias)
        connection = connections[alias]
        params = [
            field.get_db_prep_value(value, connection, prepared=False)
            for field, value in zip(self.fields, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for index, found, column in converters:
            for convert in found:
                row[index] = convert(row[index], column, connection)
        return self.model.from_db(alias, names, row)


def insert(obj: Model) -> Model:
    """Store a new ``obj`` as ``obj.save()`` would (defaults, ``auto_now_add``), with one
    statement; the instance gets its key. Models with save signals, parents or database
    defaults left unset go through ``save()``, which knows them."""
    model = type(obj)
    meta = model._meta
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
    if (
        meta.parents
        or meta.auto_field is None
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
        or any(isinstance(getattr(obj, field.attname), DatabaseDefault) for field in fields)
    ):
        obj.save(force_insert=True)
        return obj
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    quote = connection.ops.quote_name
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    key = quote(meta.auto_field.column)
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING {key}", values)
            obj.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, values)
            obj.pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.auto_field.column)
    obj._state.adding = False
    obj._state.db = alias
    return obj


def update(obj: Model, names: Iterable[str]) -> None:
    """Write the fields ``names`` of a stored ``obj`` (no ``auto_now``, no signals: for columns
    like a counter that only this code writes)."""
    model = type(obj)
    meta = model._meta
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(meta.pk.column),
    )
    values = [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])


def max_of(model: type[Model], name: str, field: str, value: Any) -> Any:
    """The largest ``name`` of the rows of ``model`` whose ``field`` equals ``value`` (None
    without rows)."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    where = meta.get_field(field)
    column, table = quote(meta.get_field(name).column), quote(meta.db_table)
    sql = f"SELECT MAX({column}) FROM {table} WHERE {quote(where.column)} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [where.get_db_prep_value(value, connection, prepared=False)])
        return cursor.fetchone()[0]
