using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>When the unlocked catch-up passes before a WAL rewind stop: little left, or the pass limit reached.</summary>
public sealed class WalCatchUpTests
{
    private const int MaxPasses = 4;

    [Fact]
    public void A_pass_that_left_more_than_the_small_remainder_is_followed_by_another()
    {
        var lastPass = new WalCheckpointResult(WalFrames: 9_000, CopiedFrames: 9_000 - WalCatchUp.SmallRemainder - 1);

        Assert.Equal(WalCatchUp.SmallRemainder + 1, lastPass.RemainingFrames);
        Assert.True(WalCatchUp.NeedsAnotherPass(lastPass, passesDone: 1, MaxPasses));
    }

    [Theory]
    [InlineData(9_000, 9_000)]
    [InlineData(9_000, 8_744)]
    public void The_catch_up_stops_once_little_is_left(long walFrames, long copiedFrames)
    {
        var lastPass = new WalCheckpointResult(walFrames, copiedFrames);

        Assert.True(lastPass.RemainingFrames <= WalCatchUp.SmallRemainder);
        Assert.False(WalCatchUp.NeedsAnotherPass(lastPass, passesDone: 1, MaxPasses));
    }

    [Fact]
    public void The_catch_up_stops_at_the_pass_limit_even_when_the_writer_outruns_it()
    {
        var lastPass = new WalCheckpointResult(WalFrames: 20_000, CopiedFrames: 10_000);

        Assert.True(WalCatchUp.NeedsAnotherPass(lastPass, passesDone: MaxPasses - 1, MaxPasses));
        Assert.False(WalCatchUp.NeedsAnotherPass(lastPass, passesDone: MaxPasses, MaxPasses));
    }

    [Fact]
    public void A_database_not_in_wal_mode_leaves_nothing_to_catch_up()
    {
        // SQLite reports -1 for both columns when the database is not in WAL mode.
        var lastPass = new WalCheckpointResult(WalFrames: -1, CopiedFrames: -1);

        Assert.Equal(0, lastPass.RemainingFrames);
        Assert.False(WalCatchUp.NeedsAnotherPass(lastPass, passesDone: 1, MaxPasses));
    }
}
