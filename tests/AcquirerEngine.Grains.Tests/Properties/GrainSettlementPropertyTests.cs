using System.Diagnostics;
using System.Globalization;
using AcquirerEngine.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// R11 one level above the ledger property: FsCheck over random operation sequences driven through the real
/// grains (terminals, merchants, rails, simulated bank, calendar, alerts) on the simulated clock, across the
/// 2026 National Day holiday, its make-up Saturday and a weekend, with maintenance windows on random rails,
/// freezes at both ends, process restarts and (in some cases) a bank that loses requests and replies or returns
/// credits. Each case builds a fresh runtime. See <see cref="GrainSequenceGenerator"/> for what is generated,
/// <see cref="GrainSequenceRunner"/> for how it runs and <see cref="GrainSettlementInvariants"/> for what is checked.
/// The seed is fixed and printed; set GRAINS_FSCHECK_REPLAY="seed,gamma" to replay another (and GRAINS_FSCHECK_CASES
/// to run more cases).
/// </summary>
public sealed class GrainSettlementPropertyTests(ITestOutputHelper output)
{
    public const string ReplayVariable = "GRAINS_FSCHECK_REPLAY";

    public const string CasesVariable = "GRAINS_FSCHECK_CASES";

    private const ulong DefaultSeed = 20_261_001UL;
    private const ulong DefaultGamma = 0x9E37_79B9_7F4A_7C15UL;
    private const int DefaultCases = 30;

    /// <summary>Paths a healthy generator reaches in the default run; a tag missing here means the property got weaker.</summary>
    private static readonly string[] MustReach =
    [
        "sale", "sale-above-beps-cap", "sale-held", "sale-duplicate", "sale-conflict", "voided", "voided-after-payout", "reversed",
        "orphan-reversal", "refunded", "refunded-after-payout", "restart",
        "batch-balanced", "batch-uploaded", "hold-released", "hold-rejected", "merchant-frozen", "bank-frozen", "maintenance",
        "hold-placed", "payout-credited-hvps", "payout-credited-ibps", "payout-credited-samebank", "payout-returned-hvps",
        "payout-queued-at-closed-rail", "payout-returned-by-beneficiary-bank", "deferred-classiidailylimit", "refund-carried-to-next-payout",
        "credited-during-national-day", "credited-on-make-up-saturday", "payout-split-credited",
    ];

    [Fact]
    public async Task Random_sequences_over_the_real_grains_conserve_money_and_credit_each_payout_once()
    {
        var (seed, gamma) = FsCheckReplay.Read(ReplayVariable, DefaultSeed, DefaultGamma);
        var replay = string.Create(CultureInfo.InvariantCulture, $"{seed},{gamma}");
        var cases = ReadCases();
        output.WriteLine($"FsCheck replay: {ReplayVariable}=\"{replay}\" ({cases} cases)");
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(seed, gamma);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var steps = 0;
        var property = Prop.ForAll(GrainSequenceGenerator.Arbitrary, sequence =>
        {
            var world = Run(sequence, replay);
            lock (reached)
            {
                reached.UnionWith(world.Reached);
                steps += sequence.Operations.Count;
            }

            return true;
        });

        var clock = Stopwatch.StartNew();

        // Off the test's synchronization context: each case blocks on its runtime.
        await Task.Run(() => Check.One(config, property));
        output.WriteLine($"{cases} sequences, {steps} steps in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"reached: {string.Join(", ", reached.Order(StringComparer.Ordinal))}");

        if (Environment.GetEnvironmentVariable(ReplayVariable) is null && cases >= DefaultCases)
        {
            var missing = MustReach.Where(tag => !reached.Contains(tag)).ToList();
            Assert.True(missing.Count == 0, $"no sequence reached {string.Join(", ", missing)}: weak generator");
        }
    }

    private static SettlementWorld Run(GrainSequence sequence, string replay)
    {
        var world = new SettlementWorld();
        try
        {
            GrainSequenceRunner.RunAsync(sequence, world).GetAwaiter().GetResult();
            return world;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"grain sequence failed (replay {ReplayVariable}=\"{replay}\"): {ex.Message}{Environment.NewLine}"
                + $"sequence: {sequence}{Environment.NewLine}steps run:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", world.Log)}",
                ex);
        }
    }


    private static int ReadCases() =>
        int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : DefaultCases;
}
