using System.Collections.Concurrent;
using System.Diagnostics;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Benchmarks.Seeding;

/// <summary>
/// Loads merchants, terminals and sales through the grains (no gRPC): onboarding with a full profile, terminal
/// registration and sign-on, then sales through the terminal grains, which forward them to the merchant ledgers as
/// in production. The clock stays where it is; sales carry <see cref="SeedPlan.SaleLocalTime"/>.
/// </summary>
public static class WorldSeeder
{
    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny : throw new InvalidOperationException("CNY missing from ISO 4217 table");

    /// <summary>Merchant of a terminal (round-robin), so every merchant has at least one terminal.</summary>
    public static int MerchantOfTerminal(int terminalIndex, int merchants) => terminalIndex % merchants;

    /// <summary>Terminal of a sale (round-robin) and the sale's STAN on it.</summary>
    public static (int Terminal, uint Stan) TerminalOfSale(long saleIndex, int terminals) =>
        ((int)(saleIndex % terminals), (uint)(saleIndex / terminals) + 1);

    public static MerchantProfile Profile(int merchantIndex, SeedPlan plan) =>
        new(
            SeedIds.Merchant(merchantIndex),
            $"Bench merchant {merchantIndex}",
            new MerchantAccount(SeedIds.BankCode, SeedIds.Account(merchantIndex), AccountType.Corporate, SameBank: false),
            RateTables.Standard,
            plan.Cycle,
            null,

            // Seeded sales are ordinary business: no first-sale review hold whatever the amount.
            long.MaxValue);

    /// <param name="afterPhase">Called when a phase's work is done (its time is not counted in the phase's seconds).</param>
    public static async Task<SeedReport> SeedAsync(
        BenchmarkEngine engine, SeedPlan plan, CancellationToken cancellationToken, Func<SeedPhase, Task>? afterPhase = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(plan);
        var watch = Stopwatch.StartNew();
        await ForEachAsync(plan.Merchants, plan.Concurrency, async m =>
        {
            var outcome = await engine.Merchant(SeedIds.Merchant(m)).OnboardAsync(Profile(m, plan));
            if (outcome != OnboardOutcome.Created)
            {
                throw new InvalidOperationException($"merchant {SeedIds.Merchant(m)} was not created: {outcome} (is the store empty?)");
            }
        }, cancellationToken);
        if (afterPhase is not null)
        {
            await engine.Runtime.WaitForQuiescenceAsync(cancellationToken);
            watch.Stop();
            await afterPhase(SeedPhase.MerchantsOnboarded);
            watch.Start();
        }

        // Terminals of one merchant are added one at a time (each rewrites the merchant's terminal list).
        await ForEachAsync(plan.Terminals, plan.Concurrency, async t =>
        {
            var merchantId = SeedIds.Merchant(MerchantOfTerminal(t, plan.Merchants));
            var terminalId = SeedIds.Terminal(t);
            if (!await engine.Merchant(merchantId).AddTerminalAsync(terminalId))
            {
                throw new InvalidOperationException($"terminal {terminalId} was not added to merchant {merchantId}");
            }

            var terminal = engine.Terminal(terminalId);
            var registered = await terminal.RegisterAsync(new RegisterTerminalCommand(merchantId, terminalId));
            var signedOn = await terminal.SignOnAsync(new SignOnCommand(merchantId, terminalId));
            if (registered.Result != RegisterTerminalResult.Registered || signedOn.Result != SignOnResult.SignedOn)
            {
                throw new InvalidOperationException($"terminal {terminalId}: {registered.Result}, {signedOn.Result}");
            }
        }, cancellationToken);
        await engine.Runtime.WaitForQuiescenceAsync(cancellationToken);
        var onboardSeconds = watch.Elapsed.TotalSeconds;
        if (afterPhase is not null)
        {
            await afterPhase(SeedPhase.TerminalsSignedOn);
        }

        // Every managed byte the process allocates while selling (grains, journals, store writer, this loop): the
        // sale path's garbage, whose gen0 collections are the latency tail under load.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        watch.Restart();
        var captured = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long approved = 0, refused = 0;

        // Sales of one terminal must go in STAN order: partition by terminal, so each worker owns its terminals.
        var workers = (int)Math.Min(plan.Concurrency, plan.Terminals);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var t = w; t < plan.Terminals; t += workers)
            {
                var merchantId = SeedIds.Merchant(MerchantOfTerminal(t, plan.Merchants));
                var terminalId = SeedIds.Terminal(t);
                var terminal = engine.Terminal(terminalId);
                for (var s = (long)t; s < plan.Sales; s += plan.Terminals)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (_, stan) = TerminalOfSale(s, plan.Terminals);
                    var amount = Amount(plan, s);
                    var sale = new SaleCommand(
                        merchantId, terminalId, 1, stan, amount, Cny, CardType.Credit, $"tok_bench_{s}", plan.SaleLocalTime);
                    var outcome = await terminal.SaleAsync(sale);
                    if (outcome.Result == SaleResult.Approved)
                    {
                        Interlocked.Increment(ref approved);
                        // Static lambdas with the amount as their argument: no closure per sale in the measured phase.
                        captured.AddOrUpdate(merchantId, static (_, sold) => sold, static (_, sum, sold) => sum + sold, amount);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }
        }, cancellationToken));
        await Task.WhenAll(tasks);
        await engine.Runtime.WaitForQuiescenceAsync(cancellationToken);
        var salesSeconds = watch.Elapsed.TotalSeconds;
        var salesAllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new SeedReport(plan.Merchants, plan.Terminals, approved, refused, onboardSeconds, salesSeconds, salesAllocatedBytes, captured);
    }

    /// <summary>The sale's amount: a pure function of the seed and the sale index, so a run is reproducible.</summary>
    public static long Amount(SeedPlan plan, long saleIndex)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var mixed = unchecked((ulong)(saleIndex + 1) * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)plan.Seed * 0xBF58476D1CE4E5B9UL);
        mixed ^= mixed >> 31;
        var span = (ulong)(plan.MaxSaleMinor - plan.MinSaleMinor + 1);
        var amount = plan.MinSaleMinor + (long)(mixed % span);

        // Never a whole yuan figure: round amounts are a risk signal the benchmark is not about.
        return amount % 100 == 0 ? amount + 1 : amount;
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> body, CancellationToken cancellationToken)
    {
        var workers = Math.Min(concurrency, count);
        var next = -1;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(index);
            }
        }, cancellationToken));
        await Task.WhenAll(tasks);
    }
}
