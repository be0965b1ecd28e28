#!/usr/bin/env python3
"""Writes a migration corpus for the benchmarks: COUNT versioned migrations (default 60) that grow a
small billing schema the way a product's history does (tables with keys and checks, foreign keys,
indexes, added columns with defaults, enums, functions and triggers, views, data fixes), and one
repeatable view.

Usage: bench/corpus.py DIR [COUNT]
"""
import os
import sys


def migration(i):
    """The DDL of version i: one of eight kinds, in turn, over the tables made so far."""
    t = i // 8 + 1           # the entity this block of eight migrations builds on
    table, parent = f"entity_{t}", f"entity_{t - 1}" if t > 1 else None
    kind = i % 8
    if kind == 0:
        fk = f",\n    {parent}_id bigint REFERENCES {parent}(id) ON DELETE CASCADE" if parent else ""
        return (f"CREATE TABLE {table} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                f"    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
                f"    amount numeric(12, 2) NOT NULL DEFAULT 0,\n"
                f"    created_at timestamptz NOT NULL DEFAULT now(){fk}\n);\n"
                f"COMMENT ON TABLE {table} IS 'entity {t} of the benchmark corpus';\n")
    if kind == 1:
        return (f"CREATE INDEX {table}_name_idx ON {table} (name);\n"
                f"CREATE INDEX {table}_created_idx ON {table} (created_at DESC);\n")
    if kind == 2:
        return (f"CREATE TYPE {table}_status AS ENUM ('draft', 'open', 'paid', 'void');\n"
                f"ALTER TABLE {table} ADD COLUMN status {table}_status NOT NULL DEFAULT 'draft';\n")
    if kind == 3:
        return (f"INSERT INTO {table} (name, amount)\n"
                f"SELECT 'seed ' || g, g * 1.5 FROM generate_series(1, 50) AS g;\n"
                f"UPDATE {table} SET status = 'open' WHERE amount > 30;\n")
    if kind == 4:
        return (f"CREATE FUNCTION {table}_touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND;\n$$;\n"
                f"ALTER TABLE {table} ADD COLUMN updated_at timestamptz;\n"
                f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table}\n"
                f"    FOR EACH ROW EXECUTE FUNCTION {table}_touch();\n")
    if kind == 5:
        return (f"ALTER TABLE {table} ADD COLUMN reference text;\n"
                f"UPDATE {table} SET reference = 'REF-' || id;\n"
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_reference_key UNIQUE (reference);\n")
    if kind == 6:
        return (f"CREATE VIEW {table}_open AS\n"
                f"    SELECT id, name, amount, created_at FROM {table} WHERE status = 'open';\n")
    return (f"ALTER TABLE {table} ADD COLUMN note varchar(500);\n"
            f"ALTER TABLE {table} ALTER COLUMN amount SET DEFAULT 1;\n"
            f"CREATE INDEX {table}_status_idx ON {table} (status) WHERE status <> 'void';\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        kinds = ["create", "index", "enum", "data", "trigger", "unique", "view", "alter"]
        name = f"V{i + 1}__entity_{i // 8 + 1}_{kinds[i % 8]}.sql"
        with open(os.path.join(out, name), "w") as f:
            f.write(migration(i))
    entities = (count - 1) // 8 + 1
    union = "\nUNION ALL\n".join(f"SELECT '{e}' AS entity, count(*) AS n FROM entity_{e}"
                                 for e in range(1, entities + 1))
    with open(os.path.join(out, "R__entity_counts.sql"), "w") as f:
        f.write(f"CREATE OR REPLACE VIEW entity_counts AS\n{union};\n")


if __name__ == "__main__":
    main()
