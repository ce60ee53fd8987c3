using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;

namespace AcquirerEngine.Grains.Tests;

/// <summary>What a grain test host is built with; each test changes only what it is about.</summary>
public sealed record GrainTestSettings
{
    public IReadOnlyList<ChannelConfig> Channels { get; init; } = ChannelDefaults.All;

    public BankChannelOptions Rail { get; init; } = BankChannelOptions.Default;

    public SimulatedBankOptions Bank { get; init; } = SimulatedBankOptions.Default;

    public AlertOptions Alerts { get; init; } = AlertOptions.Default;

    public MerchantSettlementOptions Settlement { get; init; } = MerchantSettlementOptions.Default;

    public TerminalForwardingOptions Forwarding { get; init; } = TerminalForwardingOptions.Default;

    /// <summary>
    /// Small, so grain tests cross snapshots and replay tails of appended records on every restart
    /// (the engine's default is larger).
    /// </summary>
    public int SnapshotEvery { get; init; } = 3;

    /// <summary>Terminal rules; the per-sale limit is raised so risk scenarios can sell 100,000 CNY.</summary>
    public TerminalPolicy Terminal { get; init; } = TerminalPolicy.Default with { PerSaleLimitMinor = 1_000_000_00 };
}
