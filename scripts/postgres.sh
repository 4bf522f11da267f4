#!/usr/bin/env bash
# Sourced by scripts/test.sh: make sure a PostgreSQL server answers on 127.0.0.1:5432 and export
# TEST_POSTGRES_URL for the storage tests. Never depends on a server someone left running.
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! pg_up; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    echo "postgres: starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  echo "postgres: no server on 127.0.0.1:5432; PostgreSQL storage tests will be skipped" >&2
  return 0 2>/dev/null || exit 0
fi
# A fresh Debian install allows only peer auth for postgres: give the tests their own role and database.
if psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
  export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
else
  runuser -u postgres -- psql -q -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='monitor_test')
    THEN CREATE ROLE monitor_test LOGIN PASSWORD 'monitor_test'; END IF; END\$\$;" >/dev/null
  runuser -u postgres -- psql -q -tc "SELECT 1 FROM pg_database WHERE datname='monitor_test'" | grep -q 1 ||
    runuser -u postgres -- createdb -O monitor_test monitor_test
  # The store refuses passwords in URLs (they would sit in config files): libpq reads PGPASSWORD instead.
  export PGPASSWORD=monitor_test
  export TEST_POSTGRES_URL="postgresql+psycopg://monitor_test@127.0.0.1:5432/monitor_test"
fi
echo "postgres: tests use ${TEST_POSTGRES_URL%%@*}@..."
