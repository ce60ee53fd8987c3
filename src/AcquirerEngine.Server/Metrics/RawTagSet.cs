namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// A measurement's tags exactly as the instrument passed them (names unsanitized, values unformatted, in the
/// caller's order): the key under which a family remembers which series they resolve to.
/// </summary>
internal sealed class RawTagSet(KeyValuePair<string, object?>[] tags)
{
    public KeyValuePair<string, object?>[] Tags { get; } = tags;
}
