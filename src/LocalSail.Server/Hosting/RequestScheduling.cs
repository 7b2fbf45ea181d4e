namespace LocalSail.Server.Hosting;

/// <summary>Which thread runs a request once its bytes arrive on the socket.</summary>
public enum RequestScheduling
{
    /// <summary>Inline on one CPU, on the thread pool otherwise.</summary>
    Auto,

    /// <summary>
    /// On the thread that polls the socket. It saves two thread switches per request; a slow request delays
    /// the other connections that thread serves.
    /// </summary>
    Inline,

    /// <summary>Handed to the thread pool, so requests run in parallel on every CPU.</summary>
    ThreadPool,
}

public static class RequestSchedulingExtensions
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string ThreadPoolSpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";
    private const string ThreadPoolSpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>
    /// Whether requests run inline. With one CPU nothing runs in parallel anyway, and a hand-off to the
    /// thread pool costs a context switch each way.
    /// </summary>
    public static bool IsInline(this RequestScheduling scheduling, int processorCount) =>
        scheduling == RequestScheduling.Inline || (scheduling == RequestScheduling.Auto && processorCount == 1);

    /// <summary>
    /// Whether a server with <paramref name="options"/> runs requests inline: as its scheduling says, except with a store
    /// behind the network (PostgreSQL, an S3-compatible store for the bytes), where <see cref="RequestScheduling.Auto"/>
    /// means the thread pool. There a request waits on another server, often holding a lock in the database; on the
    /// socket's thread that wait stops every other request the thread serves, and the one holding the lock with them.
    /// </summary>
    public static bool RunsRequestsInline(this LocalSailOptions options, int processorCount) =>
        options.Scheduling == RequestScheduling.Inline
        || (options.Scheduling.IsInline(processorCount) && !options.StoresOverNetwork());

    /// <summary>Whether requests run inline in this process: the one decision the sockets, the storage and the runtime settings follow.</summary>
    public static bool RunsRequestsInlineHere(this LocalSailOptions options) => options.RunsRequestsInline(Environment.ProcessorCount);

    /// <summary>Whether the metadata or the object bytes are kept by another server (PostgreSQL, an S3-compatible store).</summary>
    internal static bool StoresOverNetwork(this LocalSailOptions options) =>
        options.Store == MetadataStore.Postgres || options.BlobStore == BlobStoreKind.S3;

    /// <summary>
    /// Settings the runtime reads once, so this has to run before any socket exists and before anything is queued
    /// to the thread pool. With one CPU, idle thread-pool workers stop spinning before they sleep, whatever runs
    /// requests: a spin there is a system call to yield the CPU that the thread bringing the work needs (about ten
    /// per PutObject), or that PostgreSQL needs when it shares the core (a GET 4 KiB on PostgreSQL cost 40 % less
    /// CPU without it). When requests run inline, the runtime also completes socket operations on its polling
    /// threads (one per CPU). A value the user set is left alone.
    /// </summary>
    public static void ApplyToProcess(this LocalSailOptions options)
    {
        if (Environment.ProcessorCount == 1 && AppContext.GetData(ThreadPoolSpinLimit) is null
            && Environment.GetEnvironmentVariable(ThreadPoolSpinLimitVariable) is null)
        {
            AppContext.SetData(ThreadPoolSpinLimit, 0);
        }

        if (options.RunsRequestsInlineHere() && Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
    }
}
