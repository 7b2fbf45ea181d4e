using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Storage.Sqlite;

/// <summary>
/// A connection that stays open for the database's lifetime and keeps every statement it has compiled,
/// so that a query is parsed and planned once per connection rather than once per request.
/// </summary>
/// <remarks>
/// Disposing it hands it back to its owner (a reader goes back to the pool); disposing one of its
/// statements hands the statement back to it. Only <see cref="Close"/> ends it.
/// </remarks>
internal sealed class CachingSqliteConnection(string connectionString, Func<CachingSqliteConnection, bool> release) : SqliteConnection(connectionString)
{
    // Enough for every statement LocalSail has; SQL beyond it (none today) is compiled per use.
    private const int MaxStatements = 128;
    private readonly Dictionary<string, CachedCommand> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawStatement> _rawStatements = new(StringComparer.Ordinal);
    private bool _closing;

    /// <summary>The statement for <paramref name="sql"/>, compiled on its first use, with no parameters bound.</summary>
    public SqliteCommand Statement(string sql, SqliteTransaction? transaction)
    {
        if (_statements.TryGetValue(sql, out var cached))
        {
            if (!cached.InUse)
            {
                cached.InUse = true;
                cached.Transaction = transaction;
                return cached;
            }
        }
        else if (_statements.Count < MaxStatements)
        {
            cached = new CachedCommand { Connection = this, CommandText = sql, Transaction = transaction, InUse = true };
            _statements.Add(sql, cached);
            return cached;
        }

        // The same statement is already running on this connection (a nested query): a one-off copy.
        return SqliteDatabase.OneOffCommand(this, sql, transaction);
    }

    /// <summary>The statement for <paramref name="sql"/>, compiled on its first use, for <see cref="SqliteRowReader"/>.</summary>
    public SqliteRowReader Rows(string sql)
    {
        if (!_rawStatements.TryGetValue(sql, out var statement))
        {
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_prepare_v2(Handle, sql, out var handle), Handle);
            statement = new RawStatement(handle);
            _rawStatements.Add(sql, statement);
        }

        // Row readers are never nested: each reads its rows to the end and resets its statement.
        if (statement.InUse)
        {
            throw new InvalidOperationException("The statement is already being read on this connection.");
        }

        statement.InUse = true;
        return new SqliteRowReader(Handle!, statement);
    }

    /// <summary>Ends the connection and its statements for good.</summary>
    public override void Close()
    {
        _closing = true;
        foreach (var statement in _statements.Values)
        {
            statement.Discard();
        }

        foreach (var statement in _rawStatements.Values)
        {
            statement.Handle.Dispose();
        }

        _statements.Clear();
        _rawStatements.Clear();
        base.Close();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing && release(this))
        {
            return;
        }

        _closing = true;
        base.Dispose(disposing);
    }

    /// <summary>A compiled statement read through <see cref="SqliteRowReader"/>.</summary>
    internal sealed class RawStatement(SQLitePCL.sqlite3_stmt handle)
    {
        public SQLitePCL.sqlite3_stmt Handle { get; } = handle;

        public bool InUse { get; set; }
    }

    private sealed class CachedCommand : SqliteCommand
    {
        private bool _discarded;

        public bool InUse { get; set; }

        public void Discard()
        {
            _discarded = true;
            Dispose();
        }

        // Handing the statement back keeps its compiled program; the next user binds its own parameters.
        protected override void Dispose(bool disposing)
        {
            if (disposing && !_discarded)
            {
                Parameters.Clear();
                Transaction = null;
                InUse = false;
                return;
            }

            base.Dispose(disposing);
        }
    }
}
