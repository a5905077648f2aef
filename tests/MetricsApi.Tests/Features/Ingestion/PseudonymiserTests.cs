using MetricsApi.Features.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace MetricsApi.Tests.Features.Ingestion;

public sealed class PseudonymiserTests : IDisposable
{
    private static readonly byte[] Key = Convert.FromBase64String(Infrastructure.MetricsApiFactory.TestPseudonymisationKey);
    private readonly string _directory = Directory.CreateTempSubdirectory("metricsapi-pseudo-").FullName;

    private sealed class Env(string name, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "MetricsApi";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private IConfiguration Configuration(string? key = null) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:DataDirectory"] = _directory,
        ["Pseudonymisation:Key"] = key,
    }).Build();

    [Fact]
    public void SameIdentifierGivesTheSamePseudonymWhateverItsCaseOrSpacing()
    {
        var pseudonymiser = new Pseudonymiser(Key);

        var a = pseudonymiser.Pseudonymise("Grace.Hopper@Example.com");
        var b = pseudonymiser.Pseudonymise("  grace.hopper@example.com ");

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.DoesNotContain("grace", a, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(a, pseudonymiser.Pseudonymise("ada.lovelace@example.com"));
    }

    [Fact]
    public void AnotherKeyGivesAnotherPseudonym()
    {
        var other = new byte[32];
        other[0] = 1;

        Assert.NotEqual(new Pseudonymiser(Key).Pseudonymise("oid-1"), new Pseudonymiser(other).Pseudonymise("oid-1"));
    }

    [Fact]
    public void KeysShorterThan32BytesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new Pseudonymiser(new byte[16]));
        Assert.Contains("too short", PseudonymisationKey.Problem(Convert.ToBase64String(new byte[16])), StringComparison.Ordinal);
        Assert.Contains("base64", PseudonymisationKey.Problem("not base64!"), StringComparison.Ordinal);
        Assert.Contains("missing", PseudonymisationKey.Problem(null), StringComparison.Ordinal);
        Assert.Null(PseudonymisationKey.Problem(Infrastructure.MetricsApiFactory.TestPseudonymisationKey));
    }

    [Fact]
    public void DevelopmentGeneratesALocalKeyOnceAndKeepsIt()
    {
        var first = PseudonymisationKey.Load(Configuration(), new Env("Development", _directory));
        var second = PseudonymisationKey.Load(Configuration(), new Env("Development", _directory));

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(_directory, PseudonymisationKey.DevelopmentFileName)));
    }

    [Fact]
    public void OutsideDevelopmentAMissingKeyIsAnErrorNotAGeneratedKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PseudonymisationKey.Load(Configuration(), new Env("Production", _directory)));

        Assert.Contains("Pseudonymisation:Key is missing", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, PseudonymisationKey.DevelopmentFileName)));
    }

    [Fact]
    public void ConfiguredKeyWinsEverywhere()
    {
        var key = PseudonymisationKey.Load(Configuration(Infrastructure.MetricsApiFactory.TestPseudonymisationKey), new Env("Development", _directory));

        Assert.Equal(Key, key);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
