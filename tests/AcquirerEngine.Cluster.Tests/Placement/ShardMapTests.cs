using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Tests.Placement;

public sealed class ShardMapTests
{
    [Fact]
    public void The_shard_of_a_key_is_fixed_by_the_published_hash_not_by_the_process()
    {
        // FNV-1a 32 of "a" is 0xE40C292C; of "" the offset basis 0x811C9DC5. Pinned so no build can move keys.
        Assert.Equal((int)(0xE40C292Cu % 1024u), new ShardMap(1024).ShardOf("a"));
        Assert.Equal((int)(0x811C9DC5u % 1024u), new ShardMap(1024).ShardOf(string.Empty));
    }

    [Fact]
    public void Grains_of_any_type_with_the_same_key_share_a_shard()
    {
        var map = new ShardMap(256);

        Assert.Equal(map.ShardOf(new GrainId("merchant", "898340149000001")), map.ShardOf(new GrainId("alerts", "898340149000001")));
    }

    [Fact]
    public void Keys_spread_over_all_shards_and_long_keys_hash_like_short_ones()
    {
        var map = new ShardMap(64);
        var counts = new int[64];
        for (var i = 0; i < 64_000; i++)
        {
            counts[map.ShardOf($"8983401{i:D8}")]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
        var longKey = new string('x', 1000);
        Assert.InRange(map.ShardOf(longKey), 0, 63);
    }
}
