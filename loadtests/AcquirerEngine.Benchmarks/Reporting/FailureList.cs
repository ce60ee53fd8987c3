namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>Collects failed checks, keeping a few examples per check so a broken run of 100,000 merchants stays readable.</summary>
public sealed class FailureList
{
    private const int ExamplesPerCheck = 3;

    private readonly Dictionary<string, (int Count, List<string> Examples)> _checks = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(string check, string example)
    {
        if (!_checks.TryGetValue(check, out var entry))
        {
            entry = (0, []);
            _order.Add(check);
        }

        if (entry.Examples.Count < ExamplesPerCheck)
        {
            entry.Examples.Add(example);
        }

        _checks[check] = (entry.Count + 1, entry.Examples);
    }

    public void Require(bool holds, string check, string example)
    {
        if (!holds)
        {
            Add(check, example);
        }
    }

    public IReadOnlyList<string> ToList() =>
        [.. _order.Select(check => $"{check}: {_checks[check].Count} case(s), e.g. {string.Join("; ", _checks[check].Examples)}")];
}
