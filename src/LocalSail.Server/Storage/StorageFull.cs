using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LocalSail.Server.Storage;

/// <summary>
/// Whether a failure means the storage is full: the file system said so (no space, or the user's quota
/// is used up), or SQLite or PostgreSQL did. Such a failure is the operator's to fix, not a bug: clients are told in
/// plain words and the log says it in one line, without a stack trace.
/// </summary>
internal static partial class StorageFull
{
    private const int NoSpaceErrno = 28; // ENOSPC
    private const int QuotaExceededErrno = 122; // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int SqliteFull = 13; // SQLITE_FULL
    private const string PostgresDiskFull = "53100"; // disk_full

    public static bool Is(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode == SqliteFull:
                    return true;
                case PostgresException postgres when postgres.SqlState == PostgresDiskFull:
                    return true;
                case IOException io when io.HResult is NoSpaceErrno or QuotaExceededErrno or WindowsDiskFull or WindowsHandleDiskFull:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The one log line for a write refused because storage is full: what failed, no stack trace.</summary>
    public static void Log(ILogger logger, string operation, Exception exception) => LogStorageFull(logger, operation, exception.Message);

    [LoggerMessage(EventId = 507, Level = LogLevel.Error, Message = "Storage is full: {Operation} was refused ({Detail}). Free space where the data is kept.")]
    private static partial void LogStorageFull(ILogger logger, string operation, string detail);
}
