namespace LocalSail.Server.Objects.Encryption;

/// <summary>A blob writer whose bytes are encrypted into one segment before they reach the store's own writer.</summary>
internal sealed class EncryptingBlobWriter(IBlobWriter inner, DataKey key) : IBlobWriter
{
    private readonly EncryptingStream _stream = new(inner.Stream, key);

    public Stream Stream => _stream;

    public async ValueTask<string> CommitAsync(CancellationToken cancellationToken)
    {
        await _stream.FinishAsync(cancellationToken);
        return await inner.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        await inner.DisposeAsync();
    }
}
