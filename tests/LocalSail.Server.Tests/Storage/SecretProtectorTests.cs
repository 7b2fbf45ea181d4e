using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

public sealed class SecretProtectorTests
{
    [Fact]
    public void A_secret_comes_back_only_with_the_key_id_it_was_protected_for()
    {
        using var protector = SecretProtector.Ephemeral();
        var sealedSecret = protector.Protect("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAEXAMPLE000000001");

        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", protector.Unprotect(sealedSecret, "AKIAEXAMPLE000000001"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(sealedSecret, "AKIAEXAMPLE000000002"));
    }

    [Fact]
    public async Task Many_threads_protecting_and_unprotecting_at_once_all_get_their_own_secret_back()
    {
        // One protector serves every request thread: keys are first used by many requests at once.
        using var protector = SecretProtector.Ephemeral();
        var secrets = Enumerable.Range(0, 16).Select(i => ($"AKIATHREAD{i:D10}", $"secret-{i}-{new string('x', 30)}")).ToArray();
        var sealedSecrets = secrets.Select(s => protector.Protect(s.Item2, s.Item1)).ToArray();
        using var start = new Barrier(Math.Max(2, Environment.ProcessorCount) * 4);
        var failures = 0;
        var workers = Enumerable.Range(0, start.ParticipantCount).Select(worker => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 5_000; i++)
            {
                var n = (worker + i) % secrets.Length;
                try
                {
                    var round = protector.Unprotect(protector.Protect(secrets[n].Item2, secrets[n].Item1), secrets[n].Item1);
                    if (round != secrets[n].Item2 || protector.Unprotect(sealedSecrets[n], secrets[n].Item1) != secrets[n].Item2)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
    }
}
