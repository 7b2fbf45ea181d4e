using LocalSail.Server.Storage.Sqlite;

namespace LocalSail.Server.Storage.Objects;

/// <summary>The object store's schema (versions 100 and up).</summary>
internal static class ObjectStoreMigrations
{
    public static readonly SqliteMigration Objects = new(100, "objects, versions and multipart uploads", """
        CREATE TABLE s3_objects (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bucket_id TEXT NOT NULL,
            key TEXT NOT NULL,
            version_id TEXT NOT NULL,
            is_latest INTEGER NOT NULL,
            is_delete_marker INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified INTEGER NOT NULL,
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
        CREATE INDEX s3_objects_listing ON s3_objects (bucket_id, key) WHERE is_latest = 1 AND is_delete_marker = 0;
        CREATE INDEX s3_objects_versions ON s3_objects (bucket_id, key, id DESC);

        CREATE TABLE s3_uploads (
            upload_id TEXT PRIMARY KEY,
            bucket_id TEXT NOT NULL,
            key TEXT NOT NULL,
            initiated INTEGER NOT NULL,
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
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified INTEGER NOT NULL,
            blob TEXT NOT NULL,
            checksum_value TEXT,
            PRIMARY KEY (upload_id, part_number)
        );
        """);

    public static readonly SqliteMigration BlobIndexes = new(101, "blob lookups for the orphan sweep", """
        CREATE INDEX s3_objects_by_blob ON s3_objects (bucket_id, blob) WHERE blob IS NOT NULL;
        CREATE INDEX s3_parts_by_blob ON s3_parts (blob);
        """);

    // Last column, so that listings, which never select it, do not read the overflow pages it may span.
    public static readonly SqliteMigration InlineData = new(102, "small objects' bytes inline in their row", """
        ALTER TABLE s3_objects ADD COLUMN inline_data BLOB;
        """);

    // After inline_data, and read only with it: listings never touch either.
    public static readonly SqliteMigration Encryption = new(103, "objects' and uploads' encryption (wrapped data keys)", """
        ALTER TABLE s3_objects ADD COLUMN encryption TEXT;
        ALTER TABLE s3_uploads ADD COLUMN encryption TEXT;
        """);
}
