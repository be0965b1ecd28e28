-- Run once by the postgres image when its data volume is new (/docker-entrypoint-initdb.d), as the
-- superuser. Creates what Fleetway expects to find; Fleetway itself creates the tables.
-- PLACEHOLDER PASSWORDS, for trying Fleetway out on your machine only.

-- The migration user: runs the DDL and owns the databases, so it owns every object it creates and
-- may grant on them (PostgreSQL 15: schema public belongs to the database owner).
CREATE ROLE fleetway_owner LOGIN PASSWORD 'change-me-owner';
-- The app user: the application's login. Fleetway never logs in as it; it grants it DML rights only.
CREATE ROLE app_rw LOGIN PASSWORD 'change-me-app';

-- The default database.
CREATE DATABASE app OWNER fleetway_owner;
-- Tenant "acme": a database of its own.
CREATE DATABASE tenant_acme OWNER fleetway_owner;

-- Tenant "globex": a schema of its own inside the default database.
\connect app
CREATE SCHEMA tenant_globex AUTHORIZATION fleetway_owner;
