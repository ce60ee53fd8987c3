using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>What a rail test host is built with; each test changes only what it is about.</summary>
public sealed record RailTestSettings
{
    public IReadOnlyList<ChannelConfig> Channels { get; init; } = ChannelDefaults.All;

    public BankChannelOptions Rail { get; init; } = BankChannelOptions.Default;

    public SimulatedBankOptions Bank { get; init; } = SimulatedBankOptions.Default;

    public AlertOptions Alerts { get; init; } = AlertOptions.Default;

    /// <summary>
    /// Set: the grains write to the in-memory store directly (appends and snapshots every this many writes, as in
    /// production); unset: through <see cref="ScriptedStorage"/>, which takes full states only and can fail writes.
    /// </summary>
    public int? JournaledSnapshotEvery { get; init; }
}
