using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>A payout event sink that remembers every notice in arrival order; can be told to fail.</summary>
public sealed class RecordingSink : IPayoutEventSink
{
    private readonly object _lock = new();
    private readonly List<PayoutNotice> _notices = [];

    public bool Fail { get; set; }

    public IReadOnlyList<PayoutNotice> Notices
    {
        get
        {
            lock (_lock)
            {
                return [.. _notices];
            }
        }
    }

    public Task NotifyAsync(PayoutNotice notice)
    {
        if (Fail)
        {
            throw new InvalidOperationException("sink unavailable");
        }

        lock (_lock)
        {
            _notices.Add(notice);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<PayoutNotice> With(PayoutOutcome outcome) => [.. Notices.Where(n => n.Outcome == outcome)];
}
