using System.Globalization;
using System.Text.Json;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AcquirerEngine.Domain.Tests.Risk;

/// <summary>
/// FsCheck: the indexed <see cref="RiskProfile"/> against <see cref="RiskProfileOracle"/> (the list-scanning
/// code it replaced) over random capture sequences with out-of-order times, repeated cards, more than
/// <see cref="RiskProfile.MaxCardUses"/> uses in the hour, and day changes. After every capture both answer
/// the same card-use and volume questions; their JSON is compared regularly and at the end, and the indexed
/// profile is now and then reloaded from its own JSON mid-sequence (a snapshot load). The seed is fixed and
/// printed; set RISK_FSCHECK_REPLAY="seed,gamma" to replay another.
/// </summary>
public sealed class RiskProfilePropertyTests(ITestOutputHelper output)
{
    private const ulong DefaultSeed = 20_261_122UL;
    private const ulong DefaultGamma = 0x9E37_79B9_7F4A_7C15UL;
    private static readonly DateTime Start = new(2026, 11, 20, 22, 30, 0, DateTimeKind.Unspecified);
    private const string CountBoundDrop = "count bound drop";
    private const string OutOfOrder = "out-of-order sale";
    private const string HorizonDropBehindTheFront = "expiry behind the oldest insertion";
    private const string DayDrop = "day dropped";
    private const string RepeatedCardHit = "repeated card found";
    private static readonly TimeSpan[] Windows = [TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(37), RiskProfile.CardUseRetention];

    [Fact]
    public void IndexedProfile_AnswersAndStoresExactlyAsTheListScan()
    {
        var (seed, gamma) = FsCheckReplay.Read("RISK_FSCHECK_REPLAY", DefaultSeed, DefaultGamma);
        var replay = string.Create(CultureInfo.InvariantCulture, $"{seed},{gamma}");
        output.WriteLine($"FsCheck replay: RISK_FSCHECK_REPLAY=\"{replay}\"");
        var operations = Gen.Choose(0, int.MaxValue).ArrayOf(4).ArrayOf();
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(100)
            .WithStartSize(50)
            .WithEndSize(900)
            .WithReplay(seed, gamma);
        var reached = new Dictionary<string, int>(StringComparer.Ordinal);
        var property = Prop.ForAll(operations.ToArbitrary(), ops => RunSequence(ops, reached, replay));

        Check.One(config, property);

        // Guard against a generator that stopped reaching the paths that matter.
        output.WriteLine(string.Join(", ", reached.Select(r => $"{r.Key} {r.Value}")));
        foreach (var path in new[] { CountBoundDrop, OutOfOrder, HorizonDropBehindTheFront, DayDrop, RepeatedCardHit })
        {
            Assert.True(reached.GetValueOrDefault(path) > 0, $"no sequence reached '{path}': weak generator");
        }
    }


    private static bool RunSequence(int[][] ops, Dictionary<string, int> reached, string replay)
    {
        var profile = new RiskProfile();
        var oracle = new RiskProfileOracle();

        // Few cards make repeats; many make the kept set fill with distinct cards.
        var cards = ops.Length > 0 ? 1 + (ops[0][0] % 3 == 0 ? 3 : 600) : 1;
        var clock = Start;
        var step = 0;
        try
        {
            for (step = 0; step < ops.Length; step++)
            {
                var op = ops[step];
                clock = Advance(clock, op[1]);
                var time = op[2] % 7 == 0 ? clock - TimeSpan.FromSeconds(op[3] % 5_400) : clock;
                var token = string.Create(CultureInfo.InvariantCulture, $"tok_{op[3] % cards}");
                var amount = 1 + (op[0] % 500_000);
                var keptBefore = oracle.RecentCardUses.Count;
                var daysBefore = oracle.DailyVolumes.Count;
                if (oracle.LatestSaleTime is { } latest && time < latest)
                {
                    Tally(reached, OutOfOrder, true);
                }

                var expiresBehindFront = oracle.LatestSaleTime is { } newest
                    && oracle.RecentCardUses.Count > 0
                    && oracle.RecentCardUses[0].LocalTime > Max(newest, time) - RiskProfile.CardUseRetention
                    && oracle.RecentCardUses.Any(u => u.LocalTime <= Max(newest, time) - RiskProfile.CardUseRetention);
                Tally(reached, HorizonDropBehindTheFront, expiresBehindFront);

                profile.Record(amount, token, time);
                oracle.Record(amount, token, time);
                Tally(reached, CountBoundDrop, keptBefore == RiskProfile.MaxCardUses && oracle.RecentCardUses.Count == RiskProfile.MaxCardUses && oracle.RecentCardUses[^1].LocalTime == time);
                Tally(reached, DayDrop, oracle.DailyVolumes.Count < daysBefore);

                CompareAnswers(profile, oracle, op, clock, cards, reached);
                if (step % 16 == 0)
                {
                    Require(Json(profile) == Json(oracle), "stored JSON differs");
                }

                if (op[0] % 53 == 0)
                {
                    profile = JsonSerializer.Deserialize<RiskProfile>(Json(profile))!;
                }
            }

            Require(Json(profile) == Json(oracle), "stored JSON differs at the end");
            return true;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"risk profile sequence failed (replay {replay}): step {step} of {ops.Length}: {ex.Message}", ex);
        }
    }

    /// <summary>Mostly seconds apart (a hot merchant: well over the kept bound in an hour), now and then minutes, hours or days later.</summary>
    private static DateTime Advance(DateTime clock, int dice) => (dice % 1_000) switch
    {
        < 985 => clock.AddSeconds(dice % 6),
        < 995 => clock.AddMinutes(dice % 40),
        < 998 => clock.AddHours(1 + (dice % 3)),
        _ => clock.AddDays(1 + (dice % 40)),
    };

    private static void CompareAnswers(RiskProfile profile, RiskProfileOracle oracle, int[] op, DateTime clock, int cards, Dictionary<string, int> reached)
    {
        Require(profile.SaleCount == oracle.SaleCount && profile.TotalAmountMinor == oracle.TotalAmountMinor, "totals differ");
        Require(profile.LatestSaleTime == oracle.LatestSaleTime, "latest sale time differs");
        Require(profile.RecentCardUses.Count == oracle.RecentCardUses.Count, "kept card uses differ in number");

        // A card asked about at a time that may be before, at or after the newest sale.
        var token = string.Create(CultureInfo.InvariantCulture, $"tok_{(op[0] / 7) % cards}");
        var at = clock - TimeSpan.FromSeconds((op[1] / 3) % 4_000) + TimeSpan.FromSeconds(op[2] % 30);
        foreach (var window in Windows)
        {
            var expected = oracle.CardUsesWithin(token, at, window);
            Require(profile.CardUsesWithin(token, at, window) == expected, $"uses of {token} within {window} of {at:O} differ");
            Tally(reached, RepeatedCardHit, expected > 1);
        }

        // A kept use exactly on the window's open end (excluded) and on its closed end (included).
        if (oracle.RecentCardUses.Count > 0)
        {
            var kept = oracle.RecentCardUses[op[2] % oracle.RecentCardUses.Count];
            foreach (var window in Windows)
            {
                foreach (var edge in new[] { kept.LocalTime + window, kept.LocalTime })
                {
                    var expected = oracle.CardUsesWithin(kept.CardToken, edge, window);
                    Require(profile.CardUsesWithin(kept.CardToken, edge, window) == expected, $"uses of {kept.CardToken} within {window} of {edge:O} differ");
                }
            }
        }

        foreach (var daysBack in new[] { 0, 1, 6, 31, 32 })
        {
            var date = DateOnly.FromDateTime(clock).AddDays(-daysBack);
            Require(profile.VolumeOn(date) == oracle.VolumeOn(date), $"volume on {date} differs");
        }
    }

    private static void Tally(Dictionary<string, int> reached, string path, bool happened)
    {
        if (happened)
        {
            reached[path] = reached.GetValueOrDefault(path) + 1;
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
