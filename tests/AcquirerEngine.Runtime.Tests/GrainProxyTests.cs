using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>Grain references are copies of one prototype proxy per interface: each must keep its own target.</summary>
public sealed class GrainProxyTests
{
    [Fact]
    public async Task References_taken_one_after_another_each_call_their_own_grain()
    {
        await using var host = await TestHost.StartAsync();
        var references = Enumerable.Range(0, 20).Select(i => host.Grains.GetGrain<ICounterGrain>($"k{i}")).ToArray();

        // Called in reverse order of creation, so a reference that shared its target with a later copy would show it.
        for (var i = references.Length - 1; i >= 0; i--)
        {
            Assert.Equal($"counter/k{i}", await Wait.Bounded(references[i].WhoAmI()));
            Assert.Equal(i + 1, await Wait.Bounded(references[i].Add(i + 1)));
        }

        Assert.Equal("GrainReference(counter/k3)", references[3].ToString());
        Assert.NotSame(references[0], references[1]);
    }

    [Fact]
    public async Task Arguments_of_every_kind_reach_the_grain_and_results_come_back_typed()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("args");
        var chain = host.Grains.GetGrain<IChainGrain>("a");

        Assert.Equal(7, await Wait.Bounded(grain.AddWithRecord(7, "r-1")));
        Assert.Equal(12, await Wait.Bounded(grain.Add(5)));
        Assert.Equal(12, await Wait.Bounded(grain.Get()));
        Assert.Equal("a>b", await Wait.Bounded(chain.Relay(["b"], throwAtEnd: false)));
        var thrown = await Assert.ThrowsAsync<ChainEndException>(() => Wait.Bounded(chain.Relay([], throwAtEnd: true)));
        Assert.Equal("a", thrown.Key);
    }
}
