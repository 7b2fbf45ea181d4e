namespace LocalSail.Bench.Load;

public static class Report
{
    public static int Write(Options options) => throw new NotImplementedException();
}
