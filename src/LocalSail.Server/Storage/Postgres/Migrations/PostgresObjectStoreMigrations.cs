namespace LocalSail.Server.Storage.Postgres.Migrations;

/// <summary>The object store's schema in PostgreSQL: SQLite's migrations 100, 101, 102 and 103.</summary>
internal static class PostgresObjectStoreMigrations
{
    public static readonly PostgresMigration Objects = new(100, "objects, versions and multipart uploads", """
        CREATE TABLE s3_objects (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            bucket_id TEXT NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            version_id TEXT NOT NULL,
            is_latest BOOLEAN NOT NULL,
            is_delete_marker BOOLEAN NOT NULL,
            size BIGINT NOT NULL,
            etag TEXT NOT NULL,
            last_modified BIGINT NOT NULL,
            blob TEXT,
            headers TEXT NOT NULL,
            acl TEXT NOT NULL,
            tags TEXT NOT NULL,
            checksum_algorithm TEXT,
            checksum_value TEXT,
            checksum_type TEXT,
            part_sizes TEXT
        );
        CREATE UNIQUE INDEX s3_objects_by_version ON s3_objects (bucket_id, key, version_id);
        CREATE INDEX s3_objects_listing ON s3_objects (bucket_id, key) WHERE is_latest AND NOT is_delete_marker;
        CREATE INDEX s3_objects_versions ON s3_objects (bucket_id, key, id DESC);

        CREATE TABLE s3_uploads (
            upload_id TEXT PRIMARY KEY,
            bucket_id TEXT NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            initiated BIGINT NOT NULL,
            headers TEXT NOT NULL,
            acl TEXT NOT NULL,
            tags TEXT NOT NULL,
            checksum_algorithm TEXT,
            checksum_type TEXT
        );
        CREATE INDEX s3_uploads_by_key ON s3_uploads (bucket_id, key, upload_id);

        CREATE TABLE s3_parts (
            upload_id TEXT NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            size BIGINT NOT NULL,
            etag TEXT NOT NULL,
            last_modified BIGINT NOT NULL,
            blob TEXT NOT NULL,
            checksum_value TEXT,
            PRIMARY KEY (upload_id, part_number)
        );
        """);

    public static readonly PostgresMigration BlobIndexes = new(101, "blob lookups for the orphan sweep", """
        CREATE INDEX s3_objects_by_blob ON s3_objects (bucket_id, blob) WHERE blob IS NOT NULL;
        CREATE INDEX s3_parts_by_blob ON s3_parts (blob);
        """);

    public static readonly PostgresMigration InlineData = new(102, "small objects' bytes inline in their row", """
        ALTER TABLE s3_objects ADD COLUMN inline_data BYTEA;
        """);

    public static readonly PostgresMigration Encryption = new(103, "objects' and uploads' encryption (wrapped data keys)", """
        ALTER TABLE s3_objects ADD COLUMN encryption TEXT;
        ALTER TABLE s3_uploads ADD COLUMN encryption TEXT;
        """);

    // A small object's bytes stay in its row rather than in the TOAST table, so that reading or writing it touches
    // one row, not three (the row, the TOAST chunks and their index); only a row too big for a page goes out of line.
    public static readonly PostgresMigration InlineDataInRow = new(1002, "small objects' bytes kept in the row's own page", """
        ALTER TABLE s3_objects ALTER COLUMN inline_data SET STORAGE MAIN;
        """);
}
