using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class BankChannelOptionsTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(BankChannelOptions.MaxQueueDepthLimit, true)]
    [InlineData(0, false)]
    [InlineData(BankChannelOptions.MaxQueueDepthLimit + 1, false)]
    public void MaxQueueDepth_is_accepted_from_1_to_the_limit(int depth, bool valid) =>
        Assert.Equal(valid, (BankChannelOptions.Default with { MaxQueueDepth = depth }).IsValid);

}
