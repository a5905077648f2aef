using GraphQL.DataLoader;

namespace MetricsApi.GraphQL;

/// <summary>
/// A per-request batch loader for parent→children fields. Resolvers call <see cref="Load"/> and return
/// the result; the execution strategy resolves every sibling field first and only then awaits the
/// results, so the first await fetches all keys collected so far in one call. Loaded values are
/// cached for the rest of the request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetchAsync)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly HashSet<TKey> _missing = [];
    private List<TKey> _pending = [];
    private Task? _inFlight;

    /// <summary>How many times the fetch function ran; tests use it to prove batching.</summary>
    public int FetchCount { get; private set; }

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key) && !_missing.Contains(key) && !_pending.Contains(key))
        {
            _pending.Add(key);
        }

        return new Result(this, key);
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        while (!_loaded.ContainsKey(key) && !_missing.Contains(key))
        {
            if (_inFlight is null && !_pending.Contains(key))
            {
                _pending.Add(key);
            }

            _inFlight ??= DispatchAsync(cancellationToken);
            var batch = _inFlight;
            await batch.ConfigureAwait(false);
            if (ReferenceEquals(_inFlight, batch))
            {
                _inFlight = null;
            }
        }

        return _loaded.TryGetValue(key, out var value) ? value : default;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var keys = _pending;
        _pending = [];
        if (keys.Count == 0)
        {
            return;
        }

        FetchCount++;
        var values = await fetchAsync(keys, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var value))
            {
                _loaded[key] = value;
            }
            else
            {
                _missing.Add(key);
            }
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
