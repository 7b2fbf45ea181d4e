namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>The control plane's schema in PostgreSQL: SQLite's migrations 1 and 2, and the store's identity.</summary>
internal static class PostgresControlPlaneMigrations
{
    // Names and keys compare byte by byte (COLLATE "C"), as in SQLite, whatever the database's locale.
    public static readonly PostgresMigration Initial = new(1, "control plane", """
        CREATE TABLE buckets (
            name TEXT COLLATE "C" PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            bundle_changed_at BIGINT,
            support_code TEXT NOT NULL,
            get_object_access TEXT NOT NULL,
            allow_public_overrides BOOLEAN NOT NULL,
            object_versioning TEXT NOT NULL,
            tags TEXT NOT NULL,
            readonly_access_accounts TEXT NOT NULL,
            resources_receiving_access TEXT NOT NULL,
            access_log_config TEXT,
            cors TEXT
        );
        CREATE INDEX buckets_by_scope ON buckets (account_id, region, name);

        CREATE TABLE access_keys (
            access_key_id TEXT PRIMARY KEY,
            bucket_name TEXT COLLATE "C" NOT NULL REFERENCES buckets (name) ON DELETE CASCADE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            secret BYTEA NOT NULL,
            status TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            last_used_region TEXT,
            last_used_service TEXT
        );
        CREATE INDEX access_keys_by_bucket ON access_keys (bucket_name, created_at);

        CREATE TABLE operations (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            resource_name TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            operation_type TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            status_changed_at BIGINT NOT NULL,
            is_terminal BOOLEAN NOT NULL,
            operation_details TEXT,
            error_code TEXT,
            error_details TEXT
        );
        CREATE INDEX operations_by_scope ON operations (account_id, region, seq);
        CREATE INDEX operations_by_resource ON operations (account_id, region, resource_name, seq);
        """);

    public static readonly PostgresMigration DeletedBuckets = new(2, "deleted buckets whose contents are still to be purged", """
        CREATE TABLE deleted_buckets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            deleted_at BIGINT NOT NULL
        );
        """);

    // Caches on every node are tagged with the control plane's version: the sum of these counters, one of which
    // every change to a bucket or its keys increases (which one follows the bucket's name, so that changes to
    // different buckets seldom wait for the same row).
    public static readonly PostgresMigration Version = new(1001, "the control plane's version, which every change to buckets and keys increases", """
        CREATE TABLE control_plane_version (
            slot SMALLINT PRIMARY KEY,
            version BIGINT NOT NULL
        );
        INSERT INTO control_plane_version (slot, version) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
        """);

    // Every node encrypts and decrypts access key secrets with the secret key of its own data directory: they
    // must all hold the same one. The first node records a fingerprint of its key; a node with another refuses to start.
    public static readonly PostgresMigration StoreIdentity = new(1000, "the fingerprint of the secret key every node must share", """
        CREATE TABLE store_identity (
            singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
            secret_key_fingerprint TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        """);
}
