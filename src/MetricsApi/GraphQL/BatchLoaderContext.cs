namespace MetricsApi.GraphQL;

/// <summary>Request-scoped home of the <see cref="BatchLoader{TKey,TValue}"/> instances, one per name.</summary>
public sealed class BatchLoaderContext
{
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);

    public BatchLoader<TKey, TValue> GetOrAdd<TKey, TValue>(string name, Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetchAsync)
        where TKey : notnull
    {
        if (!_loaders.TryGetValue(name, out var loader))
        {
            loader = new BatchLoader<TKey, TValue>(fetchAsync);
            _loaders[name] = loader;
        }

        return (BatchLoader<TKey, TValue>)loader;
    }
}
