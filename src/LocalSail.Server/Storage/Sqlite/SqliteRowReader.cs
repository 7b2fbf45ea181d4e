using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// Reads the rows of one of a connection's compiled statements straight from SQLite: the fast path of listing
/// pages and single-object reads, and the one place LocalSail calls SQLite's C API itself. Dispose it to reset
/// the statement for its next use.
/// </summary>
/// <remarks>
/// <para>
/// Why: a listing page is 1,000 rows of 6 values. ADO.NET references the statement's handle two or three times
/// for every value, and SQLitePCLRaw's own API (<c>raw.sqlite3_column_*</c>) once per call, through the handle's
/// reference count; here the handle is referenced once for the whole read and each value is one plain call.
/// Reading such a page takes about 330 µs this way and about 490 µs through SQLitePCLRaw's API (measured in
/// one process, the two interleaved).
/// </para>
/// <para>
/// Rules that keep it safe: the calls go to the very library SQLitePCLRaw loaded (<see cref="SqliteNative"/>
/// checks its name once); the handle's reference is taken in the constructor and released in
/// <see cref="Dispose"/>, so the statement cannot be finalized while it is read; a reader is a <c>ref struct</c>,
/// used on one thread and never nested on a statement (<see cref="CachingSqliteConnection.Rows"/> refuses);
/// strings and bytes are copied out before the next step, as SQLite's pointers are valid only until then.
/// Binding, preparing and errors go through SQLitePCLRaw: they happen once per read, not once per value.
/// </para>
/// </remarks>
internal ref struct SqliteRowReader
{
    // Result codes of sqlite3_step.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;

    // The column type sqlite3_column_type reports for NULL (a different numbering from the result codes).
    private const int SqliteNull = 5;
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly sqlite3 _connection;
    private readonly CachingSqliteConnection.RawStatement _statement;
    private readonly IntPtr _handle;
    private bool _referenced;

    internal SqliteRowReader(sqlite3 connection, CachingSqliteConnection.RawStatement statement)
    {
        _connection = connection;
        _statement = statement;
        statement.Handle.DangerousAddRef(ref _referenced);
        _handle = statement.Handle.DangerousGetHandle();
    }

    /// <summary>Binds text, or NULL when <paramref name="value"/> is null.</summary>
    public readonly void Bind(string name, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement.Handle, Parameter(name)) : raw.sqlite3_bind_text(_statement.Handle, Parameter(name), value));

    public readonly void Bind(string name, long value) => Check(raw.sqlite3_bind_int64(_statement.Handle, Parameter(name), value));

    /// <summary>Moves to the next row; false once there is none.</summary>
    public readonly bool Read()
    {
        long started = 0;
        while (true)
        {
            var result = SqliteNative.sqlite3_step(_handle);
            switch (result)
            {
                case SqliteRow:
                    return true;
                case SqliteDone:
                    return false;
                case SqliteBusy or SqliteLocked:
                    // A WAL reader waits only while another connection recovers the log; retry as ADO.NET does.
                    if (started == 0)
                    {
                        started = Environment.TickCount64;
                    }
                    else if (Environment.TickCount64 - started > BusyTimeout.TotalMilliseconds)
                    {
                        Check(result);
                    }

                    Thread.Sleep(1);
                    break;
                default:
                    Check(result);
                    return false;
            }
        }
    }

    public readonly int ColumnCount => SqliteNative.sqlite3_column_count(_handle);

    public readonly long GetInt64(int column) => SqliteNative.sqlite3_column_int64(_handle, column);

    /// <summary>The column's bytes, or null when it is NULL.</summary>
    public readonly byte[]? GetBytes(int column)
    {
        if (SqliteNative.sqlite3_column_type(_handle, column) == SqliteNull)
        {
            return null;
        }

        // The pointer is read before the length, as SQLite asks; an empty BLOB has no pointer.
        var bytes = SqliteNative.sqlite3_column_blob(_handle, column);
        var length = SqliteNative.sqlite3_column_bytes(_handle, column);
        var copy = new byte[length];
        if (length > 0)
        {
            Marshal.Copy(bytes, copy, 0, length);
        }

        return copy;
    }

    /// <summary>The column's text, or null when it is NULL.</summary>
    public readonly string? GetString(int column)
    {
        var text = SqliteNative.sqlite3_column_text(_handle, column);
        return text == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(text, SqliteNative.sqlite3_column_bytes(_handle, column));
    }

    public void Dispose()
    {
        SqliteNative.sqlite3_reset(_handle);
        SqliteNative.sqlite3_clear_bindings(_handle);
        if (_referenced)
        {
            _statement.Handle.DangerousRelease();
            _referenced = false;
        }

        _statement.InUse = false;
    }

    private readonly int Parameter(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement.Handle, name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
    }

    private readonly void Check(int result) => SqliteException.ThrowExceptionForRC(result, _connection);
}

// The few calls a row read makes, on the raw handle: the same DllImport of the same library name as SQLitePCLRaw's
// own e_sqlite3 provider, so both resolve to one loaded library.
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>Fails at start, in plain words, if SQLitePCLRaw was given another SQLite library than the one called here.</summary>
    public static void VerifyLibrary()
    {
        var loaded = raw.GetNativeLibraryName();
        if (loaded != Library)
        {
            throw new InvalidOperationException($"SQLite is provided by '{loaded}', but LocalSail reads rows from '{Library}'; they must be the same library.");
        }
    }

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_reset(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_clear_bindings(IntPtr statement);

    [DllImport(Library, ExactSpelling = true)]
    public static extern long sqlite3_column_int64(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_column_bytes(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern IntPtr sqlite3_column_blob(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    public static extern int sqlite3_column_count(IntPtr statement);
}
