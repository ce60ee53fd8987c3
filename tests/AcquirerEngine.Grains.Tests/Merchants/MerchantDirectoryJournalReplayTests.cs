using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Merchants;

/// <summary>
/// The merchant directory appends one record per onboarded merchant. Seeded random ids (with repeats, which
/// change nothing) go to a reference that writes the full list every time and to a store that appends; the
/// snapshot plus replayed tail must equal the reference, and a second owner must list the same ids in order.
/// </summary>
public sealed class MerchantDirectoryJournalReplayTests
{
    private static readonly GrainId DirectoryGrainId = new(MerchantDirectoryGrain.GrainTypeName, MerchantDirectoryGrain.AllKey);

    [Theory]
    [InlineData("memory", 301)]
    [InlineData("sqlite", 302)]
    public async Task A_directory_rebuilt_from_snapshot_and_tail_equals_the_directory_that_wrote_it(string backend, int seed)
    {
        var random = new Random(seed);
        var snapshotEvery = random.Next(2, 12);
        var context = $"backend {backend}, seed {seed}, SnapshotEvery {snapshotEvery}";
        var clock = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), AcquirerClock.ChinaStandardTime);
        var referenceStorage = new InMemoryGrainStorage(clock);
        await using var reference = await StartRuntimeAsync(referenceStorage, clock, 1);
        await using var store = await JournalReplayKit.OpenStoreAsync(backend, clock);
        await using var owner = await StartRuntimeAsync(store.Storage, clock, snapshotEvery);
        var referenceDirectory = reference.GrainFactory.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey);
        var directory = owner.GrainFactory.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey);

        var adds = random.Next(20, 60);
        for (var i = 0; i < adds; i++)
        {
            var merchantId = $"8983401490{random.Next(40):00000}";
            await referenceDirectory.AddAsync(merchantId);
            await directory.AddAsync(merchantId);
        }

        var written = JournalReplayKit.Canonical(await JournalReplayKit.ReadFullAsync<MerchantDirectoryState>(referenceStorage, DirectoryGrainId));
        var (rebuilt, tail) = await JournalReplayKit.RebuildAsync<MerchantDirectoryState>(store.Storage, DirectoryGrainId, MerchantDirectoryJournal.Apply);
        context += $", tail {tail}";
        Assert.True(written == JournalReplayKit.Canonical(rebuilt), $"{context}: rebuilt {JournalReplayKit.Canonical(rebuilt)} differs from written {written}");

        await using var successor = await StartRuntimeAsync(store.Storage, clock, snapshotEvery);
        var reactivated = successor.GrainFactory.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey);
        var expected = await referenceDirectory.ListAsync();
        Assert.Equal(expected, await reactivated.ListAsync());

        // A repeat after reactivation is still a no-op: the replayed ids are known.
        await reactivated.AddAsync(expected[0]);
        Assert.Equal(expected, await reactivated.ListAsync());
    }

    private static async Task<GrainRuntime> StartRuntimeAsync(IGrainStorage storage, TimeProvider clock, int snapshotEvery)
    {
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .Configure(o => o.SnapshotEvery = snapshotEvery)
            .AddGrain<IMerchantDirectoryGrain, MerchantDirectoryGrain>(MerchantDirectoryGrain.GrainTypeName, () => new MerchantDirectoryGrain())
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }
}
