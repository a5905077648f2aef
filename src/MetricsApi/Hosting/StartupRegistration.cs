using MetricsApi.Data;
using MetricsApi.GraphQL;

namespace MetricsApi.Hosting;

/// <summary>Start-up checks and the banner a newcomer sees in Development.</summary>
public static class StartupRegistration
{
    /// <summary>Writes every configuration problem to stderr and returns false when there is one.</summary>
    public static bool ValidateConfiguration(this WebApplicationBuilder builder, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stderr);
        var errors = StartupValidator.Validate(builder.Configuration, builder.Environment);
        foreach (var error in errors)
        {
            stderr.WriteLine($"configuration error: {error}");
        }

        if (errors.Count > 0)
        {
            stderr.WriteLine($"MetricsApi did not start ({builder.Environment.EnvironmentName}): fix the {errors.Count} configuration error(s) above.");
        }

        return errors.Count == 0;
    }

    /// <summary>In Development, prints where the data lives, the GraphQL URL and how to get a token.</summary>
    public static WebApplication PrintDevelopmentBanner(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + GraphQLRegistration.Path));
            Console.WriteLine();
            Console.WriteLine("MetricsApi is running (Development).");
            Console.WriteLine($"  Database:  {settings.Provider} {(settings.Provider == DatabaseProvider.Sqlite ? settings.ConnectionString : "(see ConnectionStrings:Metrics)")}");
            Console.WriteLine($"  GraphQL:   {urls}  (open it in a browser for GraphiQL)");
            Console.WriteLine("  Token:     dotnet run --project src/MetricsApi -- dev-token --user erin --role Engineer   (demo users per role: README)");
            Console.WriteLine("             then send it as 'Authorization: Bearer <token>' (GraphiQL: Headers tab, then re-fetch the schema).");
            Console.WriteLine();
        });
        return app;
    }
}
