using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/LocalSail.Bench.Micro -- --filter '*'   (BenchmarkDotNet's own options)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
