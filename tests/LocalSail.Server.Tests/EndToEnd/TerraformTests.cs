using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

/// <summary>Terraform's AWS provider creates, reads back without drift, and destroys a bucket and its key.</summary>
public sealed class TerraformTests
{
    [Fact]
    public async Task Terraform_applies_plans_clean_and_destroys_a_bucket_with_an_access_key()
    {
        var mirror = TerraformPluginMirror.Find()
            ?? throw new InvalidOperationException("No Terraform plugin directory with hashicorp/aws was found; set LOCALSAIL_TERRAFORM_PLUGIN_DIR.");
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var work = Directory.CreateTempSubdirectory("localsail-terraform-").FullName;
        try
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Terraform", "main.tf"), Path.Combine(work, "main.tf"));
            var cliConfig = Path.Combine(work, "cli.tfrc");
            await File.WriteAllTextAsync(cliConfig, $$"""
                provider_installation {
                  filesystem_mirror {
                    path    = "{{mirror}}"
                    include = ["registry.terraform.io/hashicorp/aws"]
                  }
                  direct {
                    exclude = ["registry.terraform.io/hashicorp/aws"]
                  }
                }
                """);
            var env = new Dictionary<string, string>
            {
                ["TF_CLI_CONFIG_FILE"] = cliConfig,
                ["TF_IN_AUTOMATION"] = "1",
                ["CHECKPOINT_DISABLE"] = "1",
                ["TF_VAR_endpoint"] = server.EndpointUrl,
                ["TF_VAR_access_key"] = server.RootCredentials.AccessKeyId,
                ["TF_VAR_secret_key"] = server.RootCredentials.SecretAccessKey,
            };

            Task<ProcessResult> Terraform(params string[] args) =>
                ExternalProcess.RunAsync("terraform", [$"-chdir={work}", .. args, "-no-color"], env);

            var init = await Terraform("init", "-input=false");
            Assert.True(init.ExitCode == 0, init.ToString());
            var apply = await Terraform("apply", "-auto-approve", "-input=false");
            Assert.True(apply.ExitCode == 0, apply.ToString());

            using var caller = new LightsailCaller(server.Endpoint, server.RootCredentials);
            var bucket = (await caller.CallOkAsync("GetBuckets", """{"bucketName":"terraform-assets"}""")).GetProperty("buckets")[0];
            Assert.Equal("test", bucket.GetProperty("tags")[0].GetProperty("value").GetString());
            var keys = (await caller.CallOkAsync("GetBucketAccessKeys", """{"bucketName":"terraform-assets"}""")).GetProperty("accessKeys");
            var output = await Terraform("output", "-raw", "access_key_id");
            Assert.True(output.ExitCode == 0, output.ToString());
            Assert.Equal(keys[0].GetProperty("accessKeyId").GetString(), output.StandardOutput.Trim());

            // Reading everything back shows no drift: what LocalSail returns is what the provider wrote.
            var plan = await Terraform("plan", "-detailed-exitcode", "-input=false");
            Assert.True(plan.ExitCode == 0, plan.ToString());

            var destroy = await Terraform("destroy", "-auto-approve", "-input=false");
            Assert.True(destroy.ExitCode == 0, destroy.ToString());
            var gone = await caller.CallAsync("GetBuckets", """{"bucketName":"terraform-assets"}""");
            Assert.Equal("NotFoundException", gone.ErrorType);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>Where the installed hashicorp/aws provider can be found without a network.</summary>
internal static class TerraformPluginMirror
{
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("LOCALSAIL_TERRAFORM_PLUGIN_DIR");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new List<string?>
        {
            configured,
            Path.Combine(home, ".terraform.d", "plugins"),
            Path.Combine(home, ".local", "share", "terraform", "plugins"),
            "/usr/local/share/terraform/plugins",
            "/usr/share/terraform/plugins",
        };
        if (Directory.Exists("/opt"))
        {
            candidates.AddRange(Directory.GetDirectories("/opt"));
        }

        return candidates.FirstOrDefault(dir =>
            dir is not null && Directory.Exists(Path.Combine(dir, "registry.terraform.io", "hashicorp", "aws")));
    }
}
