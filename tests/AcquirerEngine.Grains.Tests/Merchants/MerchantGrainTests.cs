using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Grains.Merchants;

namespace AcquirerEngine.Grains.Tests.Merchants;

public sealed class MerchantGrainTests
{
    [Fact]
    public async Task Onboarding_is_idempotent_and_survives_a_restart()
    {
        var host = await GrainTestHost.StartAsync();
        var merchant = host.Grains.GetGrain<IMerchantGrain>("M100");

        Assert.Null(await merchant.GetAsync());
        Assert.False(await merchant.AddTerminalAsync("T1"));
        Assert.Equal(OnboardOutcome.Created, await merchant.OnboardAsync("Noodle House"));
        var writes = host.Storage.WriteCount;
        Assert.Equal(OnboardOutcome.AlreadyOnboarded, await merchant.OnboardAsync("Noodle House"));
        Assert.Equal(writes, host.Storage.WriteCount);
        Assert.True(await merchant.AddTerminalAsync("T1"));
        Assert.True(await merchant.AddTerminalAsync("T1"));
        Assert.Equal(OnboardOutcome.Updated, await merchant.OnboardAsync("Noodle House No. 2"));

        await using var restarted = await host.RestartAsync();
        var snapshot = await restarted.Grains.GetGrain<IMerchantGrain>("M100").GetAsync();

        Assert.Equal(new[] { "T1" }, snapshot!.TerminalIds);
        Assert.Equal("Noodle House No. 2", snapshot.Name);
    }
}
